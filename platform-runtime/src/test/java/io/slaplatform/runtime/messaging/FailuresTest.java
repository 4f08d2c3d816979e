package io.slaplatform.runtime.messaging;

import io.slaplatform.events.CloudEventRecords;
import io.slaplatform.events.MalformedEventException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How a failure is read (outage or not) and what of it may be logged; which records are not usable at all. */
class FailuresTest {

    @Test
    void aPoolThatCannotHandOutAConnectionIsAnOutageNotAFaultOfTheRecord() {
        // Agroal's acquisition failures carry no SQLSTATE
        assertThat(Failures.databaseUnavailable(new IllegalStateException(new SQLException("Sorry, acquisition timeout!"))))
                .isTrue();
        assertThat(Failures.databaseUnavailable(new SQLException("Acquisition timeout while waiting for new connection",
                new TimeoutException()))).isTrue();
        assertThat(Failures.databaseUnavailable(new SQLException("This pool is closed and does not handle any more "
                + "connections!"))).isTrue();
        assertThat(Failures.databaseUnavailable(new SQLException("connection refused", "08001"))).isTrue();

        // the database answered: the record's fault, counted towards parking
        assertThat(Failures.databaseUnavailable(new SQLIntegrityConstraintViolationException("duplicate", "23505")))
                .isFalse();
        assertThat(Failures.databaseUnavailable(new IllegalStateException("No calendar for country XK"))).isFalse();
    }

    @Test
    void theLogSummaryNamesClassesAndSqlStatesButNoMessage() {
        String summary = Failures.summary(new IllegalStateException("cannot store anna@customer.is",
                new SQLException("value too long: anna@customer.is", "22001")));

        assertThat(summary).isEqualTo("java.lang.IllegalStateException <- java.sql.SQLException [SQLSTATE 22001]")
                .doesNotContain("anna");
    }

    @Test
    void aRecordWhoseIdTheConsumedEventLogCannotHoldIsUnreadableNotAFailureToRetry() {
        assertThatThrownBy(() -> IncomingEvent.from(record("x".repeat(256), "2026-11-27T10:00:00Z")))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("not a usable id");
        assertThatThrownBy(() -> IncomingEvent.from(record("id\u0000with-nul", "2026-11-27T10:00:00Z")))
                .isInstanceOf(MalformedEventException.class);
        assertThatThrownBy(() -> IncomingEvent.from(record(UUID.randomUUID().toString(), "+20000-01-01T00:00:00Z")))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("out of range");

        assertThat(IncomingEvent.from(record("x".repeat(255), "2026-11-27T10:00:00Z")).time())
                .isEqualTo(Instant.parse("2026-11-27T10:00:00Z"));
    }

    private static ConsumerRecord<String, String> record(String ceId, String ceTime) {
        ProducerRecord<String, String> produced = CloudEventRecords.record("support.requests", "key",
                UUID.randomUUID(), "RequestSubmitted", "/test", Instant.parse("2026-11-27T10:00:00Z"), "{}");
        ConsumerRecord<String, String> consumed = new ConsumerRecord<>("support.requests", 0, 7L, "key", "{}");
        produced.headers().forEach(h -> {
            if (!h.key().equals("ce_id") && !h.key().equals("ce_time")) {
                consumed.headers().add(h);
            }
        });
        consumed.headers().add("ce_id", ceId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        consumed.headers().add("ce_time", ceTime.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return consumed;
    }
}
