package io.slaplatform.loadbench;

import io.slaplatform.events.Topics;
import io.slaplatform.localstack.ServiceEnvironment;
import io.slaplatform.localstack.ServiceProcess;
import io.slaplatform.testkit.EmbeddedKafka;
import io.slaplatform.testkit.KafkaShutdownGuard;
import io.slaplatform.testkit.PostgresSchemas;
import io.slaplatform.testkit.security.JwtMinter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * What a benchmark run needs: an embedded broker whose topics stamp records with the broker's append time (so a
 * record's timestamp is when it reached Kafka), the machine's PostgreSQL with a fresh schema per service, a
 * signing key every launched service trusts, and the packaged services as processes of their own.
 */
final class BenchStack implements AutoCloseable {

    static final Path ROOT = Path.of(System.getProperty("repo.root", ".")).toAbsolutePath().normalize();
    static final Path OUT = ROOT.resolve("load-benchmarks/target/bench");
    static final int PARTITIONS = 3;
    /**
     * The heap the services' images give the JVM in a 512 MiB container (run-java.sh: maximum 75 % of the limit,
     * initial 25 % of that); every launched service runs with it, so the figures hold for that container size.
     */
    static final List<String> SERVICE_HEAP = List.of("-Xms96m", "-Xmx384m", "-XX:+ExitOnOutOfMemoryError");
    private static final String ISSUER = "https://issuer.load-benchmarks";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);

    private final EmbeddedKafka kafka;
    private final Clock clock;
    private final JwtMinter tokens = new JwtMinter(JwtMinter.newKeyPair(), ISSUER);
    private final List<ServiceProcess> started = new ArrayList<>();
    private final List<String> schemas = new ArrayList<>();

    private BenchStack(EmbeddedKafka kafka, Clock clock) {
        this.kafka = kafka;
        this.clock = clock;
    }

    /** Starts the broker and creates the platform's topics; {@code clock} names the run's files. */
    static BenchStack start(Clock clock) {
        try {
            Files.createDirectories(OUT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        KafkaShutdownGuard.install(() -> true, System.err);
        EmbeddedKafka kafka = EmbeddedKafka.start();
        BenchStack stack = new BenchStack(kafka, clock);
        stack.createTopics(Topics.ALL);
        return stack;
    }

    String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** Creates those of the topics that do not exist yet; their records carry the broker's append time. */
    void createTopics(List<String> names) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> topics = names.stream()
                    .filter(name -> !existing.contains(name))
                    .map(name -> new NewTopic(name, PARTITIONS, (short) 1)
                            .configs(Map.of(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime")))
                    .toList();
            admin.createTopics(topics).all().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot create topics " + names, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A fresh schema, dropped on close. */
    String newSchema(String prefix) {
        String schema = PostgresSchemas.newSchemaName(prefix);
        schemas.add(schema);
        return schema;
    }

    /** A connection working in {@code schema}. */
    static Connection connect(String schema) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", PostgresSchemas.user());
        props.setProperty("password", PostgresSchemas.password());
        props.setProperty("currentSchema", schema);
        props.setProperty("reWriteBatchedInserts", "true");
        return DriverManager.getConnection(PostgresSchemas.url(), props);
    }

    /**
     * Launches a module's {@code target/quarkus-app/quarkus-run.jar} on a free port and waits until it is ready.
     *
     * @param jvmOptions JVM options and system properties (config keys environment variables cannot spell)
     */
    ServiceProcess start(String module, String instance, String schema, List<String> jvmOptions,
                         Map<String, String> env) {
        ServiceProcess service = launch(module, instance, schema, jvmOptions, env);
        service.awaitReady(READY_TIMEOUT);
        return service;
    }

    /** As {@link #start}, without waiting for readiness. */
    ServiceProcess launch(String module, String instance, String schema, List<String> jvmOptions,
                          Map<String, String> env) {
        Path jar = ROOT.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build with scripts/bench.sh (it packages the modules)");
        }
        int port = freePort();
        Map<String, String> variables = ServiceEnvironment.of(port, bootstrapServers(), PostgresSchemas.url(),
                PostgresSchemas.user(), PostgresSchemas.password(), schema);
        variables.putAll(tokens.verifierEnvironment());
        variables.putAll(env);
        List<String> options = new ArrayList<>(jvmOptions);
        // -Dbench.service-options="...": JVM options and config of every launched service, e.g. to try a setting
        String extra = System.getProperty("bench.service-options", "").strip();
        if (!extra.isEmpty()) {
            options.addAll(List.of(extra.split("\\s+")));
        }
        if (Boolean.getBoolean("bench.jfr")) {
            // -Dbench.jfr=true: a JFR recording (profile settings) of every launched process, written at its exit
            options.add("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename="
                    + OUT.resolve(instance + "-" + clock.millis() + ".jfr"));
        }
        ServiceProcess service = ServiceProcess.builder(instance)
                .jar(jar, options)
                .port(port)
                .env(variables)
                .logFile(OUT.resolve(instance + ".log"))
                .start();
        started.add(service);
        return service;
    }

    /** A bearer token of this run for {@code role} (platform-runtime's Roles). */
    String token(String role) {
        return tokens.token("load-benchmark-" + role, Duration.ofHours(6), role);
    }

    void stop(ServiceProcess service) {
        service.stop(Duration.ofSeconds(15));
        started.remove(service);
    }

    @Override
    public void close() {
        ServiceProcess.stopAll(started, Duration.ofSeconds(15));
        kafka.close();
        KafkaShutdownGuard.runDeferredHooks();
        schemas.forEach(PostgresSchemas::drop);
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
