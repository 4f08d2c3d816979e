package io.slaplatform.testkit.quarkus;

import io.slaplatform.events.CloudEventRecords;
import io.slaplatform.testkit.PostgresSchemas;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every service shows a Prometheus scraper at {@code /q/metrics}, read as a scraper reads it: HTTP server
 * requests per route, its Kafka consumers (one client per incoming channel, with the fetch lag), the outbox backlog
 * (compared with the rows counted by SQL, while the relay is held back and after it published them), the
 * parked-event counter, and every metric {@code deploy/grafana/metrics.txt} lists for the service (the names the
 * Grafana dashboard may use). Each service's test extends it as a {@code @QuarkusTest} with the Kafka and
 * PostgreSQL test resources.
 */
public abstract class MetricsContract {

    /** Kafka client metrics are bound as the consumers connect and refreshed by Micrometer; be patient. */
    protected static final Duration WAIT = Duration.ofSeconds(90);
    /** The probes' event time: the clock of the service under test (never PostgreSQL's {@code now()}). */
    @Inject
    Clock clock;
    /** Series with exemplars end in {@code # {trace_id=...} value timestamp}; the sample is before it. */
    private static final String EXEMPLAR = " # ";

    /**
     * Calls one of the service's own REST endpoints (successfully) and returns its route template, the {@code uri}
     * label Micrometer gives it, e.g. {@code /sla/{requestId}}.
     */
    protected abstract String callOwnEndpoint();

    /** The topics the service consumes, one SmallRye Kafka channel (client {@code kafka-consumer-<topic>}) each. */
    protected abstract List<String> consumedTopics();

    /** Makes the service produce the metrics that appear only once something happened; nothing by default. */
    protected void produceActivity() {
    }

    /** The committed list of the metrics each service exposes and the dashboard may use. */
    protected Path metricsList() {
        return Path.of("..", "deploy", "grafana", "metrics.txt");
    }

    @Test
    void httpServerRequestsAreTimedPerRoute() {
        String uri = callOwnEndpoint();
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> assertThat(
                value(scrape(), "http_server_requests_seconds_count", "uri=\"" + uri + "\""))
                .as("http_server_requests_seconds_count for %s", uri)
                .hasValueSatisfying(v -> assertThat(v).isPositive()));
    }

    /**
     * Kafka records a consumer's lag when a fetch returns records (the gauge is NaN after a minute without any), so
     * each consumed topic first gets a probe of a type no service handles (consumers acknowledge and skip it).
     */
    @Test
    void everyKafkaConsumerReportsItsLag() {
        for (String topic : consumedTopics()) {
            KafkaTestResource.publish(CloudEventRecords.record(topic, "metrics-probe", UUID.randomUUID(),
                    "MetricsContractProbe", "/metrics-contract", clock.instant(), "{}"));
        }
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            List<String> lines = scrape();
            for (String topic : consumedTopics()) {
                String client = "client_id=\"kafka-consumer-" + topic + "\"";
                assertThat(value(lines, "kafka_consumer_fetch_manager_records_lag_max", client))
                        .as("records lag of %s", client)
                        .hasValueSatisfying(v -> assertThat(v).isNotNaN().isGreaterThanOrEqualTo(0));
                assertThat(value(lines, "kafka_consumer_coordinator_assigned_partitions", client))
                        .as("partitions assigned to %s", client)
                        .hasValueSatisfying(v -> assertThat(v).isPositive());
            }
        });
    }

    @Test
    void parkedEventsAreCountedFromZeroForEveryConsumedTopic() {
        List<String> lines = scrape();
        for (String topic : consumedTopics()) {
            assertThat(value(lines, "consumer_events_parked_total", "topic=\"" + topic + "\""))
                    .as("consumer_events_parked_total of %s", topic).isPresent();
        }
    }

    /**
     * Holds the relay back with its own advisory lock (the relay skips a run while another holder has it), adds an
     * event an hour old to the outbox by SQL, and expects the gauges to show the rows SQL counts and the hour; once
     * the lock is released the relay publishes everything and the backlog goes back to 0.
     */
    @Test
    void outboxBacklogIsTheRowsNotYetPublished() throws SQLException {
        String schema = ConfigProvider.getConfig().getValue("db.schema", String.class);
        try (Connection relayLock = connect(); Connection writer = connect()) {
            relayLock.setAutoCommit(false);
            try (PreparedStatement lock = relayLock.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(? || '.outbox'))")) {
                lock.setString(1, schema);
                lock.execute();
            }
            try (PreparedStatement insert = writer.prepareStatement("INSERT INTO " + schema + ".outbox_event"
                    + " (event_id, topic, record_key, event_type, source, occurred_at, payload)"
                    + " VALUES (?, 'metrics.contract', 'probe', 'MetricsContractProbe', '/metrics-contract',"
                    + " ?, '{}')")) {
                insert.setObject(1, UUID.randomUUID());
                insert.setTimestamp(2, Timestamp.from(clock.instant().minus(Duration.ofHours(1))));
                insert.executeUpdate();
            }
            Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                List<String> lines = scrape();
                assertThat(value(lines, "outbox_events_pending", null)).as("outbox_events_pending")
                        .hasValue((double) outboxRows(writer, schema));
                assertThat(value(lines, "outbox_oldest_pending_age_seconds", null)).as("oldest pending age")
                        .hasValueSatisfying(v -> assertThat(v).isBetween(3600.0, 3600.0 + WAIT.toSeconds() + 60));
            });
            relayLock.rollback();
            Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                assertThat(outboxRows(writer, schema)).as("rows left in the outbox").isZero();
                List<String> lines = scrape();
                assertThat(value(lines, "outbox_events_pending", null)).hasValue(0.0);
                assertThat(value(lines, "outbox_oldest_pending_age_seconds", null)).hasValue(0.0);
            });
        }
    }

    @Test
    void everyMetricListedForTheServiceIsExposed() throws IOException {
        String service = ConfigProvider.getConfig().getValue("quarkus.application.name", String.class);
        List<String> expected = Files.readAllLines(metricsList()).stream()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .map(line -> line.split("\\s+"))
                .filter(fields -> fields[0].equals(service) || fields[0].equals("*"))
                .map(fields -> fields[1])
                .toList();
        assertThat(expected).as("metrics listed for %s in %s", service, metricsList()).isNotEmpty();
        callOwnEndpoint();
        produceActivity();
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            List<String> names = scrape().stream().map(MetricsContract::name).distinct().toList();
            assertThat(names).containsAll(expected);
        });
    }

    /** The samples of a scrape, comments left out. */
    protected static List<String> scrape() {
        return given().when().get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
    }

    /**
     * The value of the first series of {@code name} whose labels contain {@code labels} (any series when null).
     */
    protected static Optional<Double> value(List<String> lines, String name, String labels) {
        return lines.stream()
                .filter(line -> name(line).equals(name))
                .map(line -> line.contains(EXEMPLAR) ? line.substring(0, line.indexOf(EXEMPLAR)) : line)
                .filter(line -> labels == null || labelsOf(line).contains(labels))
                .map(line -> Double.valueOf(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst();
    }

    private static String name(String line) {
        int end = line.indexOf('{');
        return line.substring(0, end < 0 ? line.indexOf(' ') : end);
    }

    private static String labelsOf(String line) {
        int start = line.indexOf('{');
        return start < 0 ? "" : line.substring(start, line.lastIndexOf('}') + 1);
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(PostgresSchemas.url(), PostgresSchemas.user(), PostgresSchemas.password());
    }

    private static long outboxRows(Connection connection, String schema) throws SQLException {
        try (PreparedStatement q = connection.prepareStatement("SELECT count(*) FROM " + schema + ".outbox_event");
             ResultSet r = q.executeQuery()) {
            r.next();
            return r.getLong(1);
        }
    }
}
