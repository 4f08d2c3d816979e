package io.slaplatform.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStackConfigTest {

    @TempDir
    Path repo;

    private final Properties properties = new Properties();

    @BeforeEach
    void fakeRepository() throws IOException {
        Files.writeString(repo.resolve("pom.xml"), "<project/>");
        Files.createDirectories(repo.resolve("local-stack"));
        properties.setProperty(LocalStackConfig.REPO_ROOT_PROPERTY, repo.toString());
    }

    @Test
    void defaults() {
        LocalStackConfig config = LocalStackConfig.from(Map.of(), properties);

        assertThat(config.repoRoot()).isEqualTo(repo.toAbsolutePath().normalize());
        assertThat(config.stateDirectory()).isEqualTo(config.repoRoot().resolve("target/local-stack"));
        assertThat(config.logDirectory()).isEqualTo(config.repoRoot().resolve("target/local-stack/logs"));
        assertThat(config.mailDirectory()).isEqualTo(config.repoRoot().resolve("target/local-stack/mail"));
        assertThat(config.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/test");
        assertThat(config.dbUser()).isEqualTo("postgres");
        assertThat(config.dbPassword()).isEmpty();
        assertThat(config.httpHost()).isEqualTo("127.0.0.1");
        assertThat(config.smtpPort()).isEqualTo(3025);
        assertThat(config.mailViewPort()).isEqualTo(8025);
        assertThat(config.readyTimeout()).isEqualTo(Duration.ofSeconds(120));
        assertThat(config.serviceJvmOptions()).isEmpty();
        assertThat(config.services()).containsExactly(
                new LocalStackConfig.Service("intake-service", 8081, "intake", false),
                new LocalStackConfig.Service("eligibility-service", 8082, "eligibility", false),
                new LocalStackConfig.Service("sla-clock-service", 8083, "sla_clock", false),
                new LocalStackConfig.Service("notifier-service", 8084, "notifier", true));
        assertThat(config.services().get(0).jar(config.repoRoot()))
                .isEqualTo(config.repoRoot().resolve("intake-service/target/quarkus-app/quarkus-run.jar"));
    }

    @Test
    void overrides() {
        LocalStackConfig config = LocalStackConfig.from(Map.ofEntries(
                Map.entry("LOCAL_STACK_JDBC_URL", "jdbc:postgresql://db:5433/dev"),
                Map.entry("LOCAL_STACK_DB_USER", "dev"),
                Map.entry("LOCAL_STACK_DB_PASSWORD", "pw"),
                Map.entry("LOCAL_STACK_INTAKE_PORT", "9081"),
                Map.entry("LOCAL_STACK_ELIGIBILITY_PORT", "9082"),
                Map.entry("LOCAL_STACK_SLA_CLOCK_PORT", "9083"),
                Map.entry("LOCAL_STACK_NOTIFIER_PORT", " 9084 "),
                Map.entry("LOCAL_STACK_SMTP_PORT", "2525"),
                Map.entry("LOCAL_STACK_MAIL_VIEW_PORT", "9025"),
                Map.entry("LOCAL_STACK_HTTP_HOST", "0.0.0.0"),
                Map.entry("LOCAL_STACK_READY_TIMEOUT", "300"),
                Map.entry("LOCAL_STACK_JAVA_OPTS", " -Xmx256m  -XX:+UseSerialGC ")), properties);

        assertThat(config.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5433/dev");
        assertThat(config.dbUser()).isEqualTo("dev");
        assertThat(config.dbPassword()).isEqualTo("pw");
        assertThat(config.services()).extracting(LocalStackConfig.Service::port).containsExactly(9081, 9082, 9083, 9084);
        assertThat(config.smtpPort()).isEqualTo(2525);
        assertThat(config.mailViewPort()).isEqualTo(9025);
        assertThat(config.httpHost()).isEqualTo("0.0.0.0");
        assertThat(config.readyTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.serviceJvmOptions()).containsExactly("-Xmx256m", "-XX:+UseSerialGC");
    }

    @Test
    void rejectsMalformedValuesNamingTheVariable() {
        assertThatThrownBy(() -> LocalStackConfig.from(Map.of("LOCAL_STACK_SLA_CLOCK_PORT", "eighty"), properties))
                .isInstanceOf(LocalStackException.class)
                .hasMessageContaining("LOCAL_STACK_SLA_CLOCK_PORT");
        assertThatThrownBy(() -> LocalStackConfig.from(Map.of("LOCAL_STACK_SMTP_PORT", "70000"), properties))
                .hasMessageContaining("LOCAL_STACK_SMTP_PORT must be a port number");
        assertThatThrownBy(() -> LocalStackConfig.from(Map.of("LOCAL_STACK_READY_TIMEOUT", "0"), properties))
                .hasMessageContaining("LOCAL_STACK_READY_TIMEOUT");
    }

    @Test
    void rejectsADirectoryThatIsNotTheRepository(@TempDir Path elsewhere) {
        properties.setProperty(LocalStackConfig.REPO_ROOT_PROPERTY, elsewhere.toString());

        assertThatThrownBy(() -> LocalStackConfig.from(Map.of(), properties))
                .isInstanceOf(LocalStackException.class)
                .hasMessageContaining("is not the repository root")
                .hasMessageContaining("-D" + LocalStackConfig.REPO_ROOT_PROPERTY);
    }

    @Test
    void fallsBackToTheWorkingDirectory() {
        Properties noRoot = new Properties();
        noRoot.setProperty("user.dir", repo.toString());

        assertThat(LocalStackConfig.from(Map.of(), noRoot).repoRoot()).isEqualTo(repo.toAbsolutePath().normalize());
    }
}
