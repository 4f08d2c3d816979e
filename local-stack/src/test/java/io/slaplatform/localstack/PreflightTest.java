package io.slaplatform.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreflightTest {

    @TempDir
    Path dir;

    @Test
    void namesABusyPortAndTheVariableThatMovesIt() throws IOException {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int busy = taken.getLocalPort();
            int free = ServiceProcessTest.freePort();
            Map<String, Integer> uses = new LinkedHashMap<>();
            uses.put("intake-service", free);
            uses.put("mail view", busy);

            assertThatThrownBy(() -> Preflight.checkPortsFree(uses, Map.of("intake-service", "127.0.0.1"),
                    Map.of("intake-service", "LOCAL_STACK_INTAKE_PORT", "mail view", "LOCAL_STACK_MAIL_VIEW_PORT"),
                    Map.of()))
                    .isInstanceOf(LocalStackException.class)
                    .hasMessageContaining(busy + " (mail view) is in use")
                    .hasMessageContaining("LOCAL_STACK_MAIL_VIEW_PORT")
                    .hasMessageNotContaining("intake-service");
        }
    }

    @Test
    void namesAProcessLeftOverByAnEarlierRun() throws Exception {
        // Stands in for a service a killed launcher left behind: its command line mentions quarkus-run.jar
        // ("; true" keeps bash from exec-ing sleep, which would replace that command line).
        Process leftover = new ProcessBuilder("bash", "-c", "sleep 30; true", "quarkus-run.jar").start();
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Path pidFile = dir.resolve("intake-service.pid");
            Preflight.writePid(pidFile, leftover.pid());

            Map<String, Integer> uses = Map.of("intake-service", taken.getLocalPort());
            assertThatThrownBy(() -> Preflight.checkPortsFree(uses, Map.of(),
                    Map.of("intake-service", "LOCAL_STACK_INTAKE_PORT"), Map.of("intake-service", pidFile)))
                    .isInstanceOf(LocalStackException.class)
                    .hasMessageContaining("Process " + leftover.pid() + " was started by an earlier local stack")
                    .hasMessageContaining("kill " + leftover.pid());
        } finally {
            leftover.destroyForcibly().waitFor();
        }
    }

    @Test
    void rejectsTwoUsesOfOnePort() {
        Map<String, Integer> uses = new LinkedHashMap<>();
        uses.put("intake-service", 18081);
        uses.put("SMTP sink", 18081);

        assertThatThrownBy(() -> Preflight.checkPortsFree(uses, Map.of(),
                Map.of("intake-service", "LOCAL_STACK_INTAKE_PORT", "SMTP sink", "LOCAL_STACK_SMTP_PORT"), Map.of()))
                .hasMessageContaining("Port 18081 is configured for both intake-service and SMTP sink")
                .hasMessageContaining("LOCAL_STACK_SMTP_PORT");
    }

    @Test
    void explainsHowToStartPostgres() {
        // Port 1 on loopback: nothing listens there, so the connection is refused at once.
        assertThatThrownBy(() -> Preflight.checkPostgres("jdbc:postgresql://127.0.0.1:1/test", "postgres", ""))
                .isInstanceOf(LocalStackException.class)
                .hasMessageContaining("PostgreSQL does not accept connections at jdbc:postgresql://127.0.0.1:1/test")
                .hasMessageContaining("pg_ctlcluster")
                .hasMessageContaining("LOCAL_STACK_JDBC_URL");
    }

    @Test
    void listsMissingJars() throws IOException {
        Files.writeString(dir.resolve("pom.xml"), "<project/>");
        Files.createDirectories(dir.resolve("local-stack"));
        Path intakeJar = dir.resolve("intake-service/target/quarkus-app/quarkus-run.jar");
        Files.createDirectories(intakeJar.getParent());
        Files.writeString(intakeJar, "");
        Properties properties = new Properties();
        properties.setProperty(LocalStackConfig.REPO_ROOT_PROPERTY, dir.toString());
        LocalStackConfig config = LocalStackConfig.from(Map.of(), properties);

        assertThatThrownBy(() -> Preflight.checkJars(config))
                .hasMessageContaining("eligibility-service/target/quarkus-app/quarkus-run.jar")
                .hasMessageContaining("notifier-service/target/quarkus-app/quarkus-run.jar")
                .hasMessageNotContaining("intake-service/")
                .hasMessageContaining("./mvnw -B package -DskipTests");
    }

    @Test
    void ignoresAPidFileOfAnotherProgram() throws IOException {
        Path pidFile = dir.resolve("local-stack.pid");
        Files.writeString(pidFile, ProcessHandle.current().pid() + "\n");
        // Our own pid: never "another" launcher.
        assertThatCode(() -> Preflight.checkNoOtherLauncher(pidFile)).doesNotThrowAnyException();
        Files.writeString(pidFile, "not a pid\n");
        assertThatCode(() -> Preflight.checkNoOtherLauncher(pidFile)).doesNotThrowAnyException();
        assertThat(Preflight.readLivePid(dir.resolve("absent.pid"), "x")).isEmpty();
    }
}
