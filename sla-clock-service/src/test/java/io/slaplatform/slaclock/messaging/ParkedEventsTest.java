package io.slaplatform.slaclock.messaging;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.slaplatform.events.CloudEventRecords;
import io.slaplatform.events.DomainEvent;
import io.slaplatform.events.Impact;
import io.slaplatform.events.RequestAccepted;
import io.slaplatform.events.RequestSubmitted;
import io.slaplatform.events.ResponseKind;
import io.slaplatform.events.SupportResponded;
import io.slaplatform.runtime.messaging.ParkedEvents;
import io.slaplatform.testkit.EventLog;
import io.slaplatform.testkit.Sql;
import io.slaplatform.testkit.quarkus.KafkaTestResource;
import io.slaplatform.testkit.quarkus.PostgresSchemaTestResource;
import io.slaplatform.testkit.security.TestTokens;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.utils.Utils;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/**
 * Poison records in the SLA clock, through the real broker and PostgreSQL: inputs the service cannot apply however
 * often it tries are parked (platform-runtime's {@code parked_event}) and the records behind them go on, instead
 * of failing the channel and blocking the topic until someone restarts the service (and then again). An
 * administrator lists and replays them through {@code /admin/parked-events}.
 */
@QuarkusTest
@TestProfile(ParkedEventsTest.TestCalendar.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresSchemaTestResource.class)
class ParkedEventsTest {

    /** Iceland on a 24x7 calendar; the default targets (hours), so nothing breaches during the test. */
    public static class TestCalendar implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "sla.calendars.test-24x7.zone", "UTC",
                    "sla.calendars.test-24x7.hours", "MON-SUN 00:00-24:00",
                    "sla.country-calendars.test-24x7", "IS");
        }
    }

    private static final Duration WAIT = Duration.ofSeconds(30);
    private final EventLog events = KafkaTestResource.events();
    private final Clock clock = Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));

    @Inject
    AgroalDataSource dataSource;
    @Inject
    ParkedEvents parkedEvents;
    @Inject
    TicketEventsListener listener;

    @Test
    void aDecisionForACountryNoCalendarCoversIsParkedAndTheDecisionsBehindItStartTheirClocks() {
        // XK (Kosovo) is in use but not an ISO 3166-1 code, so neither a listed country nor one the default
        // calendar covers: the service cannot pick a calendar for it, however often it tries.
        UUID stuck = UUID.randomUUID();
        Instant at = clock.instant();
        int partition = partitionOf(stuck);
        UUID behind = requestOnPartition(partition);
        publish(submitted(stuck, at));
        publish(submitted(behind, at));
        ProducerRecord<String, String> poison = CloudEventRecords.record(accepted(stuck, "XK", at), UUID.randomUUID(),
                "/eligibility-service");
        String ceId = ceId(poison);
        KafkaTestResource.publish(poison);
        publish(accepted(behind, "IS", at));

        // the decision behind it on its partition is applied: its clock starts
        events.await(behind.toString(), "ClockStarted", WAIT);
        Map<String, Object> parked = parkedRow(ceId);
        assertThat(parked).containsEntry("topic", "support.eligibility")
                .containsEntry("record_partition", partition)
                .containsEntry("record_key", stuck.toString())
                .containsEntry("ce_type", "RequestAccepted")
                .containsEntry("ce_source", "/eligibility-service")
                .containsEntry("error_class", IllegalStateException.class.getName())
                .containsEntry("error_message", "No calendar for country XK")
                .containsEntry("attempts", 3);
        assertThat((String) parked.get("payload")).isEqualTo(poison.value());
        assertThat(count("SELECT count(*) FROM consumed_event WHERE event_id = ?", ceId)).isEqualTo(1);
        assertThat(events.forKey(stuck.toString(), "ClockStarted")).isEmpty();

        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics.lines().filter(line -> line.startsWith("consumer_events_parked_total{"))
                .map(line -> line.replaceFirst(" # \\{.*$", ""))) // an exemplar (trace of a sample) follows the value
                .anySatisfy(line -> assertThat(line)
                        .contains("topic=\"support.eligibility\"", "type=\"RequestAccepted\"").endsWith(" 1.0"));

        // redelivered, as after a restart: skipped, not parked again, and what follows still flows
        UUID next = requestOnPartition(partition);
        KafkaTestResource.publish(poison);
        publish(submitted(next, at));
        publish(accepted(next, "IS", at));
        events.await(next.toString(), "ClockStarted", WAIT);
        assertThat(count("SELECT count(*) FROM parked_event WHERE ce_id = ?", ceId)).isEqualTo(1);
        assertThat(parkedRow(ceId)).containsEntry("attempts", 3);
    }

    @Test
    void aResponseForATicketWhoseCalendarWasRemovedIsParkedThenReplayedOnceTheTicketIsFixed() {
        UUID id = UUID.randomUUID();
        Instant at = clock.instant();
        publish(submitted(id, at));
        publish(accepted(id, "IS", at));
        events.await(id.toString(), "ClockStarted", WAIT);
        // as if the ticket had been accepted on a calendar since removed from the configuration
        assertThat(Sql.update(dataSource, "UPDATE ticket SET calendar_id = 'retired-desk' WHERE request_id = ?", id))
                .isEqualTo(1);

        UUID responseId = UUID.randomUUID();
        ProducerRecord<String, String> response = CloudEventRecords.record(
                new SupportResponded(id, responseId, ResponseKind.ACTION_PLAN, at.plusSeconds(1)),
                UUID.randomUUID(), "/intake-service");
        String ceId = ceId(response);
        KafkaTestResource.publish(response);
        Awaitility.await("parking of " + ceId).atMost(WAIT)
                .until(() -> count("SELECT count(*) FROM parked_event WHERE ce_id = ?", ceId) == 1);
        long parkedId = (Long) parkedRow(ceId).get("id");
        assertThat((String) parkedRow(ceId).get("error_message"))
                .isEqualTo("Calendar retired-desk of request " + id + " is no longer configured");

        // an administrator sees where it came from and why it failed, not what it says
        String list = asAdmin().queryParam("limit", 1000).when().get("/admin/parked-events").then()
                .statusCode(200).extract().asString();
        Map<String, Object> listed = listedEvent(list, ceId);
        assertThat(listed).containsEntry("id", (int) parkedId)
                .containsEntry("topic", "support.requests")
                .containsEntry("key", id.toString())
                .containsEntry("ceType", "SupportResponded")
                .containsEntry("errorClass", IllegalStateException.class.getName())
                .containsEntry("attempts", 3)
                .doesNotContainKeys("payload", "errorMessage");
        assertThat(list).doesNotContain(responseId.toString(), "ACTION_PLAN");
        // nobody else sees it at all
        given().auth().oauth2(TestTokens.lead()).when().get("/admin/parked-events").then().statusCode(403)
                .contentType(startsWith("application/problem+json"));
        given().when().get("/admin/parked-events").then().statusCode(401)
                .contentType(startsWith("application/problem+json"))
                .header("WWW-Authenticate", startsWith("Bearer"));

        // still broken: the replay fails and the event stays parked, one attempt more each time
        assertThatThrownBy(() -> parkedEvents.replay(parkedId, TicketEventsListener.HANDLED, listener::apply))
                .isInstanceOf(ParkedEvents.ReplayFailedException.class);
        assertThat(parkedRow(ceId)).containsEntry("attempts", 4);
        asAdmin().when().post("/admin/parked-events/{id}/replay", parkedId).then().statusCode(409)
                .contentType(startsWith("application/problem+json"))
                .body("title", equalTo("Replay failed"));
        asAdmin().when().get("/admin/parked-events/{id}", parkedId).then().statusCode(200)
                .body("ceId", equalTo(ceId))
                .body("attempts", equalTo(5));

        // an operator puts the ticket on a configured calendar, then replays the response
        Sql.update(dataSource, "UPDATE ticket SET calendar_id = 'test-24x7' WHERE request_id = ?", id);
        asAdmin().when().post("/admin/parked-events/{id}/replay", parkedId).then().statusCode(200)
                .body("id", equalTo((int) parkedId))
                .body("ceId", equalTo(ceId))
                .body("ceType", equalTo("SupportResponded"))
                .body("replayed", equalTo(true));

        events.await(id.toString(), "ResponseDeadlineMet", WAIT);
        assertThat(count("SELECT count(*) FROM parked_event WHERE id = ?", parkedId)).isZero();
        assertThat(count("SELECT count(*) FROM ticket_fact WHERE request_id = ?", id)).isEqualTo(1);
        // no longer listed (the other test's poison decision may still be), and a second replay finds nothing
        asAdmin().queryParam("limit", 1000).when().get("/admin/parked-events").then().statusCode(200)
                .body("ceId", not(hasItem(ceId)))
                .body("id", not(hasItem((int) parkedId)));
        asAdmin().when().post("/admin/parked-events/{id}/replay", parkedId).then().statusCode(404)
                .contentType(startsWith("application/problem+json"));
        assertThat(count("SELECT count(*) FROM ticket_fact WHERE request_id = ?", id)).isEqualTo(1);
        asAdmin().when().post("/admin/parked-events/{id}/replay", "latest").then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("errors.field", contains("id"));
    }

    @Test
    void theKafkaConnectorDoesNotCloseAConsumerThatHoldsARecordForLong() {
        // platform-runtime's default, which the service gets from the dependency (see IdempotentConsumer)
        assertThat(ConfigProvider.getConfig().getValue(
                "mp.messaging.connector.smallrye-kafka.throttled.unprocessed-record-max-age.ms", Integer.class))
                .isZero();
    }

    // --- helpers

    private static RequestSpecification asAdmin() {
        return given().auth().oauth2(TestTokens.admin());
    }

    /** The entry of the parked event {@code ceId} in a {@code GET /admin/parked-events} response. */
    private static Map<String, Object> listedEvent(String list, String ceId) {
        List<Map<String, Object>> entries = JsonPath.from(list).getList("$");
        return entries.stream().filter(entry -> ceId.equals(entry.get("ceId"))).findFirst()
                .orElseThrow(() -> new AssertionError("parked event " + ceId + " not listed: " + list));
    }

    private static RequestSubmitted submitted(UUID id, Instant at) {
        return new RequestSubmitted(id, "ops@customer.example", "anna@customer.example", Impact.LIMITED, "Stalls",
                "Details", "IS", null, at);
    }

    private static RequestAccepted accepted(UUID id, String country, Instant at) {
        return new RequestAccepted(id, UUID.randomUUID(), country, at, at);
    }

    private static void publish(DomainEvent event) {
        String source = event instanceof RequestAccepted ? "/eligibility-service" : "/intake-service";
        KafkaTestResource.publish(CloudEventRecords.record(event, UUID.randomUUID(), source));
    }

    private static String ceId(ProducerRecord<String, String> record) {
        return new String(record.headers().lastHeader("ce_id").value(), StandardCharsets.UTF_8);
    }

    /** The partition the producers' default partitioner picks for a request's records. */
    private static int partitionOf(UUID requestId) {
        return Utils.toPositive(Utils.murmur2(requestId.toString().getBytes(StandardCharsets.UTF_8)))
                % KafkaTestResource.PARTITIONS;
    }

    /** A new request id whose records go to {@code partition}. */
    private static UUID requestOnPartition(int partition) {
        UUID id;
        do {
            id = UUID.randomUUID();
        } while (partitionOf(id) != partition);
        return id;
    }

    private long count(String sql, Object... parameters) {
        return Sql.count(dataSource, sql, parameters);
    }

    private Map<String, Object> parkedRow(String ceId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement q = c.prepareStatement("SELECT * FROM parked_event WHERE ce_id = ?")) {
            q.setString(1, ceId);
            try (ResultSet r = q.executeQuery()) {
                assertThat(r.next()).as("parked event " + ceId).isTrue();
                Map<String, Object> row = new java.util.LinkedHashMap<>();
                for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) {
                    row.put(r.getMetaData().getColumnLabel(i), r.getObject(i));
                }
                return row;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
