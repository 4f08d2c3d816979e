package io.slaplatform.systemtests;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import io.slaplatform.testkit.security.JwtMinter;
import io.restassured.http.ContentType;
import io.slaplatform.localstack.ServiceEnvironment;
import io.slaplatform.localstack.ServiceProcess;
import io.slaplatform.testkit.PostgresSchemas;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Starts the services' packaged {@code quarkus-run.jar}s as processes of their own, as the local stack and a
 * deployment do, against one broker and the machine's PostgreSQL; stops them and drops their schemas on close.
 */
final class PackagedServices implements AutoCloseable {

    static final Path ROOT = Path.of(System.getProperty("repo.root", "..")).toAbsolutePath().normalize();
    static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    static final String ISSUER = "https://issuer.system-tests";
    /** The platform's roles (platform-runtime's Roles), as the services' tokens carry them. */
    static final String AGENT = "agent";
    static final String LEAD = "lead";
    static final String ADMIN = "admin";

    /**
     * sla-clock-service's options for a test calendar open around the clock, {@code test-24x7} (UTC), for customers
     * in Iceland; the tests add targets of seconds.
     */
    static final List<String> SLA_CLOCK_24X7 = List.of(
            "-Dsla.calendars.test-24x7.zone=UTC",
            "-Dsla.calendars.test-24x7.hours=MON-SUN 00:00-24:00",
            "-Dsla.country-calendars.test-24x7=IS");
    /** notifier-service's side of {@link #SLA_CLOCK_24X7}: the calendar its mails name, for the same customers. */
    static final List<String> NOTIFIER_24X7 = List.of(
            "-Dnotifier.calendars.test-24x7.zone=UTC",
            "-Dnotifier.calendars.test-24x7.hours=Around the clock (test calendar)",
            "-Dnotifier.country-calendars.test-24x7=IS");

    private final String bootstrapServers;
    /** Signs this run's tokens; every launched service trusts its public key. */
    private final JwtMinter tokens = new JwtMinter(JwtMinter.newKeyPair(), ISSUER);
    private final List<ServiceProcess> started = new ArrayList<>();
    private final List<String> schemas = new ArrayList<>();

    PackagedServices(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** A fresh schema, dropped on close. */
    String newSchema() {
        String schema = PostgresSchemas.newSchemaName("it");
        schemas.add(schema);
        return schema;
    }

    /**
     * Launches one instance of a service module on a free port, without waiting for it.
     *
     * @param instance   names the instance and its log, {@code target/system-tests/<instance>.log}
     * @param jvmOptions e.g. {@code -Dsla.targets.CRITICAL=PT4S}: system properties carry config keys that
     *                   environment variables cannot spell (calendar ids with '-', quoted channel names)
     */
    ServiceProcess launch(String module, String instance, String schema, List<String> jvmOptions) {
        return launch(module, instance, schema, jvmOptions, Map.of());
    }

    /** As {@link #launch(String, String, String, List)}, with environment variables that add to or replace ours. */
    ServiceProcess launch(String module, String instance, String schema, List<String> jvmOptions,
                          Map<String, String> env) {
        return launch(module, instance, schema, jvmOptions, env, freePort());
    }

    /**
     * As {@link #launch(String, String, String, List, Map)}, on a port chosen beforehand (with {@link #freePort()}),
     * for services that must know each other's address before either starts.
     */
    ServiceProcess launch(String module, String instance, String schema, List<String> jvmOptions,
                          Map<String, String> env, int port) {
        Path jar = ROOT.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        assertThat(jar).as("packaged by the " + module + " module before this test").exists();
        Map<String, String> variables = ServiceEnvironment.of(port, bootstrapServers, PostgresSchemas.url(),
                PostgresSchemas.user(), PostgresSchemas.password(), schema);
        variables.putAll(tokens.verifierEnvironment());
        variables.putAll(env);
        ServiceProcess service = ServiceProcess.builder(instance)
                .jar(jar, jvmOptions)
                .port(port)
                .env(variables)
                .logFile(Path.of("target", "system-tests", instance + ".log"))
                .start();
        started.add(service);
        return service;
    }

    /** {@link #launch} and wait until the instance reports ready. */
    ServiceProcess start(String module, String instance, String schema, List<String> jvmOptions) {
        ServiceProcess service = launch(module, instance, schema, jvmOptions);
        service.awaitReady(READY_TIMEOUT);
        return service;
    }

    /**
     * Registers a month's license for the supported product with eligibility-service and confirms its Enterprise
     * support add-on, both valid since yesterday.
     *
     * @return the license id
     */
    String registerEnterpriseLicense(ServiceProcess eligibility, String email, String country) {
        Instant now = Instant.now();
        String from = now.minus(Duration.ofDays(1)).toString();
        String until = now.plus(Duration.ofDays(30)).toString();
        String licenseId = as(eligibility, ADMIN)
                .body(Map.of("email", email, "product", "Pix4Dengine", "country", country, "activatedAt", from,
                        "expiresAt", until))
                .when().post("/licenses").then().statusCode(201).extract().path("id");
        as(eligibility, ADMIN)
                .body(Map.of("validFrom", from, "validUntil", until))
                .when().put("/licenses/" + licenseId + "/enterprise-support").then().statusCode(200);
        return licenseId;
    }

    /** A JSON request to {@code service} from someone with {@code role}, with a token of this run. */
    RequestSpecification as(ServiceProcess service, String role) {
        return at(service).auth().oauth2(token(role));
    }

    /** A token of this run for someone with {@code role}, valid for an hour. */
    String token(String role) {
        return tokens.token("system-test-" + role, Duration.ofHours(1), role);
    }

    /** A JSON request to {@code service} without credentials. */
    static RequestSpecification at(ServiceProcess service) {
        return RestAssured.given().baseUri("http://localhost").port(service.port()).contentType(ContentType.JSON);
    }

    /** Creates an API key for a web form backend through intake's admin API; returns the key. */
    String createApiKey(ServiceProcess intake, String backendId) {
        return as(intake, ADMIN).body(Map.of("label", "system test", "rateLimitPerMinute", 10_000))
                .when().post("/form-backends/" + backendId + "/api-keys")
                .then().statusCode(201).extract().path("apiKey");
    }

    @Override
    public void close() {
        ServiceProcess.stopAll(started, Duration.ofSeconds(10));
        schemas.forEach(PostgresSchemas::drop);
    }

    /**
     * Waits until a consumer group has all partitions of its topics assigned, so a test's timing is the services'
     * own rather than that of the group's start-up rebalances (a service with six channels in one group joins it
     * six times).
     */
    void awaitConsumerGroup(String groupId, Collection<String> topics, int partitionsPerTopic) {
        Set<TopicPartition> wanted = new HashSet<>();
        topics.forEach(topic -> {
            for (int p = 0; p < partitionsPerTopic; p++) {
                wanted.add(new TopicPartition(topic, p));
            }
        });
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Awaitility.await("consumer group " + groupId + " assigned " + wanted.size() + " partitions")
                    .atMost(READY_TIMEOUT).pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(groupId))
                                .describedGroups().get(groupId).get();
                        Set<TopicPartition> assigned = new HashSet<>();
                        group.members().forEach(m -> assigned.addAll(m.assignment().topicPartitions()));
                        return group.groupState() == GroupState.STABLE && assigned.containsAll(wanted);
                    });
        }
    }

    /**
     * Deletes every record now on {@code topics}, so that a service started next in a consumer group of its own
     * reads only what a test sends from then on, not what earlier tests left (a new group reads from the start).
     */
    void emptyTopics(Collection<String> topics) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(topics).allTopicNames().get().forEach((topic, description) ->
                    description.partitions().forEach(p -> latest.put(new TopicPartition(topic, p.partition()),
                            OffsetSpec.latest())));
            Map<TopicPartition, RecordsToDelete> delete = new HashMap<>();
            admin.listOffsets(latest).all().get().forEach((partition, end) ->
                    delete.put(partition, RecordsToDelete.beforeOffset(end.offset())));
            admin.deleteRecords(delete).all().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot empty " + topics, e.getCause());
        }
    }

    /**
     * From sla-clock's audit trail in {@code schema}: per request id, how many warnings it sent (not skipped)
     * although their deadline had passed at the instant it fired them. The clock's promise is none; a warning fired
     * before its deadline may still reach Kafka after it, its outbox relay or the broker being behind.
     */
    static Map<String, Integer> warningsFiredAfterTheirDeadline(String schema) {
        Map<String, Integer> stale = new HashMap<>();
        try (Connection c = PostgresSchemas.dataSource().getConnection();
             PreparedStatement q = c.prepareStatement("SELECT request_id, count(*) FROM " + schema + ".sla_event"
                     + " WHERE event_type = 'DeadlineApproaching' AND emitted_at IS NOT NULL AND skipped IS NULL"
                     + " AND emitted_at >= (payload::jsonb ->> 'deadline')::timestamptz GROUP BY request_id");
             ResultSet r = q.executeQuery()) {
            while (r.next()) {
                stale.put(r.getString(1), r.getInt(2));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read sla-clock's audit trail in " + schema, e);
        }
        return stale;
    }

    /** {@code options} followed by {@code more}. */
    static List<String> with(List<String> options, String... more) {
        List<String> all = new ArrayList<>(options);
        all.addAll(List.of(more));
        return all;
    }

    /**
     * Sleeps until the wall clock, which the launched services read too, has passed {@code instant}; returns at
     * once if it already has.
     */
    static void sleepUntil(Instant instant) {
        try {
            for (long millis = Duration.between(Instant.now(), instant).toMillis(); millis >= 0;
                 millis = Duration.between(Instant.now(), instant).toMillis()) {
                Thread.sleep(millis + 1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Closes each resource in the order given, skipping those never opened (null). */
    static void closeAll(AutoCloseable... resources) {
        for (AutoCloseable resource : resources) {
            if (resource != null) {
                try {
                    resource.close();
                } catch (Exception e) {
                    throw new IllegalStateException("Cannot close " + resource, e);
                }
            }
        }
    }

    /** Where {@link #freePort()} looks: below Linux's default ephemeral range (32768-60999). */
    private static final int PORTS_FROM = 20_000;
    private static final int PORTS_TO = 32_000;
    private static final Set<Integer> HANDED_OUT = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * A port free now, for a process that binds it seconds later. Taken below the range the kernel hands out to
     * outgoing connections: a port of that range (what binding port 0 gives) can be taken in between by any of the
     * many connections the services and the broker open while the process starts, and the process then fails to
     * bind it (seen once in CI). Never the same port twice in one test JVM: a port handed out is free until its
     * process binds it, up to a minute later, and a second draw of it would start two services on one port (seen
     * once in CI: eligibility and the notifier of one WholeSystemIT both on 26118).
     */
    static int freePort() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(PORTS_FROM, PORTS_TO);
            if (HANDED_OUT.contains(port)) {
                continue;
            }
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(false);
                socket.bind(new InetSocketAddress(port));
                HANDED_OUT.add(port);
                return port;
            } catch (IOException taken) {
                // another one
            }
        }
        throw new IllegalStateException("No free port from " + PORTS_FROM + " to " + PORTS_TO + " in 200 tries");
    }
}
