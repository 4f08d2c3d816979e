package io.slaplatform.runtime.messaging;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.slaplatform.events.CloudEventRecords;
import io.slaplatform.events.EventCodec;
import io.slaplatform.events.EventType;
import io.slaplatform.events.Impact;
import io.slaplatform.events.RequestSubmitted;
import io.slaplatform.runtime.messaging.ParkedEvents.ReplayFailedException;
import io.slaplatform.runtime.messaging.ScriptedListener.Script;
import io.slaplatform.testkit.quarkus.KafkaTestResource;
import jakarta.inject.Inject;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.logging.Level;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.slaplatform.runtime.messaging.ProxiedPostgresTestResource.TOPIC;
import static io.slaplatform.runtime.messaging.ProxiedPostgresTestResource.count;
import static io.slaplatform.runtime.messaging.ProxiedPostgresTestResource.cutDatabase;
import static io.slaplatform.runtime.messaging.ProxiedPostgresTestResource.restoreDatabase;
import static io.slaplatform.runtime.messaging.ProxiedPostgresTestResource.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The consumer's failure handling through the real broker and PostgreSQL, with a test-only listener whose handler
 * fails as each test scripts it ({@link ScriptedListener}) and a database the tests can cut
 * ({@link ProxiedPostgresTestResource}). Without parking, a poison record would fail the channel and nothing
 * behind it would be handled; without the outage handling, a record would be parked (or the channel failed) for a
 * database that was merely away.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(ProxiedPostgresTestResource.class)
class IdempotentConsumerParkingTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String SOURCE = "/parking-test";
    /** In every test payload; must never reach the logs. */
    private static final String CONTACT = "poison.contact@customer.example";
    private static KafkaProducer<String, String> producer;

    @Inject
    ScriptedListener listener;
    @Inject
    ParkedEvents parkedEvents;

    private LogCapture logs;

    @BeforeEach
    void captureLogs() {
        logs = LogCapture.of("io.slaplatform.runtime");
    }

    @AfterEach
    void checkNoPayloadWasLogged() {
        logs.close();
        assertThat(logs.lines()).noneMatch(line -> line.message().contains(CONTACT));
    }

    @AfterAll
    static void closeProducer() {
        if (producer != null) {
            producer.close();
        }
    }

    @Test
    void aTransientFailureIsRetriedAndHandledOnTheSecondAttemptNotParked() {
        UUID id = UUID.randomUUID();
        listener.script(id, Script.FAIL_ONCE);
        String ceId = publish(id, 0).ceId();

        awaitHandled(id);
        assertThat(listener.runs(id)).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM handled_event WHERE request_id = ?", id)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM parked_event WHERE ce_id = ?", ceId)).isZero();
        assertThat(count("SELECT count(*) FROM consumed_event WHERE event_id = ?", ceId)).isEqualTo(1);
        assertThat(logs.lines()).noneMatch(line -> line.level().intValue() >= Level.SEVERE.intValue()
                && line.message().contains(ceId));
    }

    @Test
    void aPoisonRecordIsParkedWithItsDetailsAndTheRecordsBehindItOnItsPartitionAreHandled() {
        UUID poison = UUID.randomUUID();
        UUID next = UUID.randomUUID();
        UUID last = UUID.randomUUID();
        listener.script(poison, Script.FAIL_UNTIL_FIXED);
        Published parked = publish(poison, 1);
        publish(next, 1);
        publish(last, 1);

        awaitHandled(last);
        assertThat(count("SELECT count(*) FROM handled_event WHERE request_id = ?", poison)).isZero();
        assertThat(count("""
                SELECT count(*) FROM handled_event a JOIN handled_event b ON a.seq < b.seq
                WHERE a.request_id = ? AND b.request_id = ?""", next, last)).isEqualTo(1);

        Map<String, Object> row = row("SELECT * FROM parked_event WHERE ce_id = ?", parked.ceId());
        assertThat(row).containsEntry("topic", TOPIC)
                .containsEntry("record_partition", 1)
                .containsEntry("record_offset", parked.metadata().offset())
                .containsEntry("record_key", poison.toString())
                .containsEntry("ce_type", "RequestSubmitted")
                .containsEntry("ce_source", SOURCE)
                .containsEntry("ce_time", Timestamp.from(parked.request().submittedAt()))
                .containsEntry("payload", EventCodec.encode(parked.request()))
                .containsEntry("error_class", IllegalStateException.class.getName())
                .containsEntry("attempts", 3);
        assertThat(row.get("record_timestamp")).isEqualTo(new Timestamp(parked.metadata().timestamp()));
        assertThat(row.get("headers").toString()).contains("\"ce_id\": \"" + parked.ceId() + "\"",
                "\"ce_type\": \"RequestSubmitted\"", "\"ce_specversion\": \"1.0\"", "\"content-type\"");
        assertThat((String) row.get("error_message")).startsWith("Scripted failure for request " + poison);
        assertThat((String) row.get("error_stack")).contains("ScriptedListener.handle");
        Timestamp first = (Timestamp) row.get("first_failed_at");
        Timestamp lastFailure = (Timestamp) row.get("last_failed_at");
        assertThat(first).isBefore(lastFailure);
        assertThat((Timestamp) row.get("parked_at")).isAfterOrEqualTo(lastFailure);
        assertThat(listener.runs(poison)).isEqualTo(3);
        assertThat(count("SELECT count(*) FROM consumed_event WHERE event_id = ?", parked.ceId())).isEqualTo(1);

        // logged once at ERROR, by its ids
        assertThat(logs.at(Level.SEVERE)).singleElement()
                .satisfies(line -> assertThat(line.message()).contains(parked.ceId(), TOPIC + "-1@"
                        + parked.metadata().offset(), "parked_event id " + row.get("id")));
    }

    @Test
    void aRedeliveryOfAParkedRecordIsSkippedNotParkedAgain() {
        UUID poison = UUID.randomUUID();
        UUID after = UUID.randomUUID();
        listener.script(poison, Script.FAIL_UNTIL_FIXED);
        Published parked = publish(poison, 2);
        awaitParked(parked.ceId());
        Map<String, Object> before = row("SELECT * FROM parked_event WHERE ce_id = ?", parked.ceId());

        // the very record again, as Kafka redelivers it after a restart, then one behind it
        send(parked.record());
        publish(after, 2);
        awaitHandled(after);

        assertThat(listener.runs(poison)).isEqualTo(3);
        assertThat(count("SELECT count(*) FROM parked_event WHERE ce_id = ?", parked.ceId())).isEqualTo(1);
        assertThat(row("SELECT * FROM parked_event WHERE ce_id = ?", parked.ceId())).isEqualTo(before);
        assertThat(logs.at(Level.SEVERE)).hasSize(1);
    }

    @Test
    void replayAppliesAParkedEventOnceItsCauseIsFixedAndDeletesItsRow() {
        UUID poison = UUID.randomUUID();
        listener.script(poison, Script.FAIL_UNTIL_FIXED);
        Published parked = publish(poison, 0);
        long id = awaitParked(parked.ceId());

        assertThatThrownBy(() -> parkedEvents.replay(id, Set.of(EventType.REQUEST_ACCEPTED), listener::handle))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(listener.runs(poison)).isEqualTo(3);

        // the cause is still there: the row stays, with the new failure
        assertThatThrownBy(() -> parkedEvents.replay(id, ScriptedListener.HANDLED, listener::handle))
                .isInstanceOfSatisfying(ReplayFailedException.class, e -> {
                    assertThat(e.parkedEventId()).isEqualTo(id);
                    assertThat(e.getCause()).hasMessageStartingWith("Scripted failure for request " + poison
                            + " (run 4)");
                });
        assertThat(row("SELECT attempts, error_message FROM parked_event WHERE id = ?", id))
                .containsEntry("attempts", 4)
                .hasEntrySatisfying("error_message", m -> assertThat((String) m).contains("(run 4)"));
        assertThat(count("SELECT count(*) FROM handled_event WHERE request_id = ?", poison)).isZero();

        listener.fix(poison);
        assertThat(parkedEvents.replay(id, ScriptedListener.HANDLED, listener::handle)).isTrue();
        assertThat(row("SELECT ce_id FROM handled_event WHERE request_id = ?", poison))
                .containsEntry("ce_id", parked.ceId());
        assertThat(count("SELECT count(*) FROM parked_event WHERE id = ?", id)).isZero();
        assertThat(count("SELECT count(*) FROM consumed_event WHERE event_id = ?", parked.ceId())).isEqualTo(1);

        assertThat(parkedEvents.replay(id, ScriptedListener.HANDLED, listener::handle)).isFalse();
        assertThat(listener.runs(poison)).isEqualTo(5);
    }

    @Test
    void anUnreadableRecordIsParkedWithItsBytesNotSkippedAndTheRecordsBehindItAreHandled() {
        UUID behind = UUID.randomUUID();
        // no CloudEvents headers at all, and a payload that is not JSON
        ProducerRecord<String, String> bare = new ProducerRecord<>(TOPIC, 0, "some-key", "{not json " + CONTACT);
        RecordMetadata at = send(bare);
        // a readable ce_time header and type, but a payload that is not the event's JSON
        Published template = publish(UUID.randomUUID(), 0);
        ProducerRecord<String, String> badPayload = new ProducerRecord<>(TOPIC, 0, "other-key",
                "{\"requestId\": 42}", template.record().headers());
        RecordMetadata badAt = send(badPayload);
        publish(behind, 0);

        awaitHandled(behind);
        String bareId = "unreadable:" + TOPIC + "-0@" + at.offset();
        Map<String, Object> row = row("SELECT * FROM parked_event WHERE ce_id = ?", bareId);
        assertThat(row).containsEntry("unreadable", true)
                .containsEntry("record_offset", at.offset())
                .containsEntry("record_key", "some-key")
                .containsEntry("ce_type", "unreadable")
                .containsEntry("payload", "{not json " + CONTACT)
                .containsEntry("error_class", io.slaplatform.events.MalformedEventException.class.getName())
                .containsEntry("attempts", 1);
        assertThat(row.get("ce_time")).isEqualTo(new Timestamp(at.timestamp()));
        Map<String, Object> decoded = row("SELECT * FROM parked_event WHERE ce_id = ?",
                "unreadable:" + TOPIC + "-0@" + badAt.offset());
        assertThat(decoded).containsEntry("unreadable", true).containsEntry("ce_type", "RequestSubmitted")
                .containsEntry("ce_time", Timestamp.from(template.request().submittedAt()));
        assertThat(decoded.get("headers").toString()).contains("\"ce_id\": \"" + template.ceId() + "\"");
        // the position is the id: a redelivery is skipped; the original ce_id stays free for a corrected record
        assertThat(count("SELECT count(*) FROM consumed_event WHERE event_id = ?", bareId)).isEqualTo(1);
        assertThat(logs.at(Level.SEVERE)).anySatisfy(line -> assertThat(line.message())
                .contains("Parked unreadable record " + TOPIC + "-0@" + at.offset(), "parked_event id " + row.get("id")));
    }

    @Test
    void aReplayReadsAnUnreadableRecordAgainFromItsStoredBytes() throws Exception {
        // an event with a ce_time this version cannot read, as a producer with another format would send it
        UUID later = UUID.randomUUID();
        RequestSubmitted request = new RequestSubmitted(later, "license.holder@customer.example", CONTACT,
                Impact.MAJOR, "Processing stalls", "Every project stops.", "CH", null,
                Instant.now().truncatedTo(ChronoUnit.MICROS));
        String ceId = UUID.randomUUID().toString();
        ProducerRecord<String, String> asProduced = CloudEventRecords.record(request, UUID.fromString(ceId), SOURCE);
        ProducerRecord<String, String> odd = new ProducerRecord<>(TOPIC, 2, asProduced.key(), asProduced.value(),
                asProduced.headers());
        odd.headers().remove("ce_time");
        odd.headers().add("ce_time", "the day after tomorrow".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        RecordMetadata at = send(odd);
        String parkedId = "unreadable:" + TOPIC + "-2@" + at.offset();
        long id = awaitParked(parkedId);

        // still unreadable: the replay fails and the row stays, with one more attempt
        assertThatThrownBy(() -> parkedEvents.replay(id, ScriptedListener.HANDLED, listener::handle))
                .isInstanceOf(ReplayFailedException.class)
                .hasCauseInstanceOf(io.slaplatform.events.MalformedEventException.class);
        assertThat(row("SELECT attempts FROM parked_event WHERE id = ?", id)).containsEntry("attempts", 2);

        // read by a version that understands it (the test mends the stored header as such a version would read it)
        execute("UPDATE parked_event SET headers = jsonb_set(headers, '{ce_time}', to_jsonb('"
                + request.submittedAt() + "'::text)) WHERE id = " + id);
        assertThat(parkedEvents.replay(id, ScriptedListener.HANDLED, listener::handle)).isTrue();
        assertThat(row("SELECT ce_id FROM handled_event WHERE request_id = ?", later)).containsEntry("ce_id", ceId);
        assertThat(count("SELECT count(*) FROM parked_event WHERE id = ?", id)).isZero();
        assertThat(count("SELECT count(*) FROM consumed_event WHERE event_id = ?", ceId)).isEqualTo(1);
        // replayed once: a second replay finds nothing
        assertThat(parkedEvents.replay(id, ScriptedListener.HANDLED, listener::handle)).isFalse();
    }

    @Test
    void duringADatabaseOutageRecordsAreHeldNotParkedAndNothingIsSkipped() throws InterruptedException {
        UUID held = UUID.randomUUID();
        UUID poison = UUID.randomUUID();
        UUID behind = UUID.randomUUID();
        listener.script(poison, Script.FAIL_UNTIL_FIXED);
        Published first;
        Published bad;
        cutDatabase();
        try {
            first = publish(held, 2);
            bad = publish(poison, 2);
            publish(behind, 2);
            awaitWarning(first.ceId(), "database unavailable");
            // far longer than the three attempts after which a failing record is parked
            Thread.sleep(1500);
            assertThat(count("SELECT count(*) FROM handled_event WHERE request_id IN (?, ?)", held, behind))
                    .isZero();
            assertThat(count("SELECT count(*) FROM parked_event WHERE ce_id IN (?, ?)", first.ceId(), bad.ceId()))
                    .isZero();
        } finally {
            restoreDatabase();
        }

        awaitHandled(behind);
        assertThat(count("""
                SELECT count(*) FROM handled_event a JOIN handled_event b ON a.seq < b.seq
                WHERE a.request_id = ? AND b.request_id = ?""", held, behind)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM parked_event WHERE ce_id = ?", first.ceId())).isZero();
        assertThat(listener.runs(held)).isEqualTo(1);
        // the poison record behind it failed only once the database was back, and was parked then
        assertThat(row("SELECT attempts FROM parked_event WHERE ce_id = ?", bad.ceId())).containsEntry("attempts", 3);
        assertThat(listener.runs(poison)).isEqualTo(3);
        // one WARN every few seconds at most, not one per attempt
        assertThat(logs.at(Level.WARNING).stream().filter(l -> l.message().contains(first.ceId())).count())
                .isLessThanOrEqualTo(2);
    }

    @Test
    void whenParkingItselfFailsTheRecordIsHeldAndParkedOnceParkingWorksAgain() throws Exception {
        UUID poison = UUID.randomUUID();
        UUID behind = UUID.randomUUID();
        listener.script(poison, Script.FAIL_UNTIL_FIXED);
        Published parked;
        // The database refuses to park this record (as it would while down, but the handler keeps failing for
        // its own reason, so each round gets as far as parking).
        execute("""
                CREATE FUNCTION refuse_parking() RETURNS trigger LANGUAGE plpgsql
                AS $$ BEGIN RAISE EXCEPTION 'no parking today'; END $$""");
        execute("CREATE TRIGGER refuse_parking BEFORE INSERT ON parked_event FOR EACH ROW WHEN (NEW.record_key = '"
                + poison + "') EXECUTE FUNCTION refuse_parking()");
        try {
            parked = publish(poison, 1);
            publish(behind, 1);
            awaitWarning(parked.ceId(), "Cannot park");
            Thread.sleep(1000);
            assertThat(count("SELECT count(*) FROM parked_event WHERE ce_id = ?", parked.ceId())).isZero();
            assertThat(count("SELECT count(*) FROM consumed_event WHERE event_id = ?", parked.ceId())).isZero();
            assertThat(count("SELECT count(*) FROM handled_event WHERE request_id = ?", behind)).isZero();
        } finally {
            execute("DROP TRIGGER refuse_parking ON parked_event");
            execute("DROP FUNCTION refuse_parking()");
        }

        awaitHandled(behind);
        Map<String, Object> row = row("SELECT * FROM parked_event WHERE ce_id = ?", parked.ceId());
        assertThat(row).containsEntry("error_class", IllegalStateException.class.getName());
        assertThat((Integer) row.get("attempts")).isGreaterThan(3);
        assertThat(listener.runs(poison)).isEqualTo((Integer) row.get("attempts"));
        assertThat(count("SELECT count(*) FROM handled_event WHERE request_id = ?", poison)).isZero();
        assertThat(logs.at(Level.SEVERE)).singleElement()
                .satisfies(line -> assertThat(line.message()).contains(parked.ceId()));
    }

    @Test
    void platformRuntimeBringsTheConnectorAndFlywaySettingsTheConsumerNeeds() {
        var config = ConfigProvider.getConfig();
        assertThat(config.getValue("mp.messaging.connector.smallrye-kafka.throttled.unprocessed-record-max-age.ms",
                Integer.class)).isZero();
        assertThat(config.getValue("quarkus.flyway.out-of-order", Boolean.class)).isTrue();
    }

    // --- helpers

    private record Published(RequestSubmitted request, ProducerRecord<String, String> record, RecordMetadata metadata) {
        String ceId() {
            return new String(record.headers().lastHeader("ce_id").value());
        }
    }

    private static Published publish(UUID requestId, int partition) {
        RequestSubmitted request = new RequestSubmitted(requestId, "license.holder@customer.example", CONTACT,
                Impact.MAJOR, "Processing stalls", "Every project stops.", "CH", null,
                Instant.now().truncatedTo(ChronoUnit.MICROS));
        ProducerRecord<String, String> asProduced = CloudEventRecords.record(request, UUID.randomUUID(), SOURCE);
        ProducerRecord<String, String> record = new ProducerRecord<>(TOPIC, partition, asProduced.key(),
                asProduced.value(), asProduced.headers());
        return new Published(request, record, send(record));
    }

    private static synchronized RecordMetadata send(ProducerRecord<String, String> record) {
        if (producer == null) {
            producer = new KafkaProducer<>(
                    Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestResource.bootstrapServers()),
                    new StringSerializer(), new StringSerializer());
        }
        try {
            return producer.send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot publish " + record, e.getCause());
        }
    }

    private static void awaitHandled(UUID requestId) {
        Awaitility.await("handling of " + requestId).atMost(WAIT).until(() ->
                count("SELECT count(*) FROM handled_event WHERE request_id = ?", requestId) == 1);
    }

    private static long awaitParked(String ceId) {
        Awaitility.await("parking of " + ceId).atMost(WAIT).until(() ->
                count("SELECT count(*) FROM parked_event WHERE ce_id = ?", ceId) == 1);
        return count("SELECT id FROM parked_event WHERE ce_id = ?", ceId);
    }

    private static void execute(String sql) throws java.sql.SQLException {
        try (var c = ProxiedPostgresTestResource.connect(); var s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private void awaitWarning(String ceId, String text) {
        Awaitility.await("a warning about " + ceId).atMost(WAIT).until(() -> logs.at(Level.WARNING).stream()
                .anyMatch(l -> l.message().contains(ceId) && l.message().contains(text)));
    }
}
