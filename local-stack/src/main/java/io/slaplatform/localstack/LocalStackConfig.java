package io.slaplatform.localstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * What the local stack runs and where, from environment variables (all optional) and one system property.
 * Read with {@link #from(Map, Properties)}; {@link #HELP} lists every setting.
 *
 * @param repoRoot          the repository root (system property {@value #REPO_ROOT_PROPERTY}, else the working
 *                          directory)
 * @param stateDirectory    where logs, mail files and pid files go: {@code <repoRoot>/target/local-stack}
 * @param jdbcUrl           PostgreSQL for every service; each service uses its own schema in it
 * @param dbUser            PostgreSQL user
 * @param dbPassword        PostgreSQL password
 * @param httpHost          the address the services bind to
 * @param smtpPort          the SMTP sink's port on 127.0.0.1
 * @param mailViewPort      the mail view's port on 127.0.0.1
 * @param readyTimeout      how long all services together may take to become ready
 * @param serviceJvmOptions extra JVM options for every service process
 * @param services          the services, in start order
 */
public record LocalStackConfig(
        Path repoRoot,
        Path stateDirectory,
        String jdbcUrl,
        String dbUser,
        String dbPassword,
        String httpHost,
        int smtpPort,
        int mailViewPort,
        Duration readyTimeout,
        List<String> serviceJvmOptions,
        List<Service> services) {

    /** The system property naming the repository root. */
    public static final String REPO_ROOT_PROPERTY = "local-stack.repo-root";

    /** The default database: the machine's PostgreSQL, as in every service's application.properties. */
    public static final String DEFAULT_JDBC_URL = "jdbc:postgresql://127.0.0.1:5432/test";
    public static final int DEFAULT_SMTP_PORT = 3025;
    public static final Duration DEFAULT_READY_TIMEOUT = Duration.ofSeconds(120);

    /** Usage text: every setting and its default. */
    public static final String HELP = """
            Starts an embedded Kafka broker, an SMTP sink with a mail view, and the four services.
            Run from the repository root (or pass -D%s=<dir>). Environment variables, all optional:
              LOCAL_STACK_JDBC_URL          PostgreSQL JDBC URL      (default %s)
              LOCAL_STACK_DB_USER           PostgreSQL user          (default postgres)
              LOCAL_STACK_DB_PASSWORD       PostgreSQL password      (default empty)
              LOCAL_STACK_INTAKE_PORT       intake-service           (default 8081)
              LOCAL_STACK_ELIGIBILITY_PORT  eligibility-service      (default 8082)
              LOCAL_STACK_SLA_CLOCK_PORT    sla-clock-service        (default 8083)
              LOCAL_STACK_NOTIFIER_PORT     notifier-service         (default 8084)
              LOCAL_STACK_SMTP_PORT         SMTP sink                (default %d)
              LOCAL_STACK_MAIL_VIEW_PORT    mail view                (default %d)
              LOCAL_STACK_HTTP_HOST         address services bind to (default 127.0.0.1)
              LOCAL_STACK_READY_TIMEOUT     seconds to wait for all services (default %d)
              LOCAL_STACK_JAVA_OPTS         extra JVM options for each service (default none)
            """.formatted(REPO_ROOT_PROPERTY, DEFAULT_JDBC_URL, DEFAULT_SMTP_PORT, MailView.DEFAULT_PORT,
            DEFAULT_READY_TIMEOUT.toSeconds());

    /**
     * One service of the platform.
     *
     * @param name   the Maven module and application name, e.g. {@code intake-service}
     * @param port   its HTTP port
     * @param schema the PostgreSQL schema it owns (passed as {@code DB_SCHEMA})
     * @param mailer whether it sends e-mail (then it gets the SMTP sink's address)
     */
    public record Service(String name, int port, String schema, boolean mailer) {

        /** The fast-jar {@code mvn package} produces. */
        public Path jar(Path repoRoot) {
            return moduleDirectory(repoRoot).resolve(Path.of("target", "quarkus-app", "quarkus-run.jar"));
        }

        /** The Maven module directory, also the process's working directory. */
        public Path moduleDirectory(Path repoRoot) {
            return repoRoot.resolve(name);
        }

        /** The environment variable that overrides the port: {@code LOCAL_STACK_<NAME>_PORT}. */
        public String portVariable() {
            return portVariable(name);
        }

        static String portVariable(String name) {
            return "LOCAL_STACK_" + name.replaceFirst("-service$", "").replace('-', '_').toUpperCase(Locale.ROOT)
                    + "_PORT";
        }
    }

    public LocalStackConfig {
        services = List.copyOf(services);
        serviceJvmOptions = List.copyOf(serviceJvmOptions);
    }

    /** Logs of the service processes. */
    public Path logDirectory() {
        return stateDirectory.resolve("logs");
    }

    /** The {@code .eml} files of received mail. */
    public Path mailDirectory() {
        return stateDirectory.resolve("mail");
    }

    /** Pid files, so a later run can name processes a killed launcher left behind. */
    public Path pidDirectory() {
        return stateDirectory.resolve("pids");
    }

    /**
     * Reads the settings.
     *
     * @throws LocalStackException when a value is malformed or the repository root is not one
     */
    public static LocalStackConfig from(Map<String, String> env, Properties systemProperties) {
        String rootSetting = systemProperties.getProperty(REPO_ROOT_PROPERTY);
        Path repoRoot = Path.of(rootSetting == null || rootSetting.isBlank()
                ? systemProperties.getProperty("user.dir", ".") : rootSetting).toAbsolutePath().normalize();
        if (!Files.isRegularFile(repoRoot.resolve("pom.xml")) || !Files.isDirectory(repoRoot.resolve("local-stack"))) {
            throw new LocalStackException(repoRoot + " is not the repository root (no pom.xml and local-stack/ there)."
                    + " Run from the repository root or pass -D" + REPO_ROOT_PROPERTY + "=<dir>.");
        }
        List<Service> services = List.of(
                service(env, "intake-service", 8081, "intake", false),
                service(env, "eligibility-service", 8082, "eligibility", false),
                service(env, "sla-clock-service", 8083, "sla_clock", false),
                service(env, "notifier-service", 8084, "notifier", true));
        return new LocalStackConfig(
                repoRoot,
                repoRoot.resolve(Path.of("target", "local-stack")),
                text(env, "LOCAL_STACK_JDBC_URL", DEFAULT_JDBC_URL),
                text(env, "LOCAL_STACK_DB_USER", "postgres"),
                // An empty password is a valid setting (trust auth), so only an absent variable means default.
                env.getOrDefault("LOCAL_STACK_DB_PASSWORD", ""),
                text(env, "LOCAL_STACK_HTTP_HOST", "127.0.0.1"),
                port(env, "LOCAL_STACK_SMTP_PORT", DEFAULT_SMTP_PORT),
                port(env, "LOCAL_STACK_MAIL_VIEW_PORT", MailView.DEFAULT_PORT),
                Duration.ofSeconds(positive(env, "LOCAL_STACK_READY_TIMEOUT", DEFAULT_READY_TIMEOUT.toSeconds())),
                jvmOptions(env.get("LOCAL_STACK_JAVA_OPTS")),
                services);
    }

    private static Service service(Map<String, String> env, String name, int defaultPort, String schema,
                                   boolean mailer) {
        return new Service(name, port(env, Service.portVariable(name), defaultPort), schema, mailer);
    }

    private static String text(Map<String, String> env, String key, String fallback) {
        String value = env.get(key);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static int port(Map<String, String> env, String key, int fallback) {
        long port = positive(env, key, fallback);
        if (port > 65535) {
            throw new LocalStackException(key + " must be a port number (1-65535), not " + env.get(key));
        }
        return (int) port;
    }

    private static long positive(Map<String, String> env, String key, long fallback) {
        String value = env.get(key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            long number = Long.parseLong(value.trim());
            if (number <= 0) {
                throw new NumberFormatException();
            }
            return number;
        } catch (NumberFormatException e) {
            throw new LocalStackException(key + " must be a positive whole number, not '" + value + "'");
        }
    }

    private static List<String> jvmOptions(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return new ArrayList<>(Arrays.asList(value.trim().split("\\s+")));
    }
}
