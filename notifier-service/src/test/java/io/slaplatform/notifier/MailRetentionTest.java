package io.slaplatform.notifier;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.slaplatform.events.CloudEventRecords;
import io.slaplatform.events.EnterpriseSupportActivated;
import io.slaplatform.notifier.service.MailRetention;
import io.slaplatform.testkit.EmbeddedSmtp;
import io.slaplatform.testkit.Sql;
import io.slaplatform.testkit.quarkus.KafkaTestResource;
import io.slaplatform.testkit.quarkus.PostgresSchemaTestResource;
import io.slaplatform.testkit.quarkus.SmtpTestResource;
import jakarta.inject.Inject;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import static io.slaplatform.notifier.NotifierTestSupport.WAIT;
import static io.slaplatform.notifier.NotifierTestSupport.asAdmin;
import static io.slaplatform.notifier.NotifierTestSupport.awaitMails;
import static io.slaplatform.notifier.NotifierTestSupport.count;
import static io.slaplatform.notifier.NotifierTestSupport.settle;
import static io.slaplatform.notifier.NotifierTestSupport.unique;
import static io.slaplatform.notifier.NotifierTestSupport.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/**
 * Retention of mail contents ({@code notifier.mail.retention}, 30 days): sent mails older than that lose their
 * subject and bodies and keep their row; pending and parked mails keep everything. The job is called with explicit
 * instants some days ahead of the service's clock, and rows dated so that only those calls, not the job's own hourly
 * run (with the real time), find them old enough.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresSchemaTestResource.class)
@WithTestResource(SmtpTestResource.class)
class MailRetentionTest {

    private static final Supplier<EmbeddedSmtp> SMTP = SmtpTestResource::server;
    private static final Duration DAY = Duration.ofDays(1);

    @Inject
    AgroalDataSource dataSource;

    @Inject
    MailRetention retention;

    @Inject
    Clock clock;

    private long rows(String where, Object... parameters) {
        return count(dataSource, "SELECT count(*) FROM outgoing_mail WHERE " + where, parameters);
    }

    /** Inserts a mail in the given state; returns its recipient. */
    private String mail(String status, Instant at) {
        String recipient = unique("retention-" + status.toLowerCase());
        Timestamp time = Timestamp.from(at);
        update(dataSource, """
                INSERT INTO outgoing_mail (event_id, event_type, kind, aggregate_id, recipient, recipient_key,
                  message_id, locale, subject, text_body, html_body, status, attempts, next_attempt_at, last_error,
                  created_at, sent_at, parked_at)
                VALUES (?, 'RequestAccepted', 'ACKNOWLEDGEMENT', ?, ?, ?, ?, 'en', 'Your request: printer on fire',
                  'Dear customer@example.com', '<p>Dear customer@example.com</p>', ?, 1, ?, ?, ?, ?, ?)""",
                UUID.randomUUID().toString(), UUID.randomUUID().toString(), recipient, recipient,
                "<" + UUID.randomUUID() + "@test>", status,
                status.equals("PENDING") ? time : null, status.equals("SENT") ? null : "SMTP 550: no",
                time, status.equals("SENT") ? time : null, status.equals("PARKED") ? time : null);
        return recipient;
    }

    private boolean contentsKept(String recipient) {
        return rows("recipient = ? AND subject = 'Your request: printer on fire' AND text_body IS NOT NULL "
                + "AND html_body IS NOT NULL AND contents_removed_at IS NULL", recipient) == 1;
    }

    private boolean contentsRemoved(String recipient, Instant at) {
        return rows("recipient = ? AND status = 'SENT' AND subject IS NULL AND text_body IS NULL "
                + "AND html_body IS NULL AND contents_removed_at = ? AND sent_at IS NOT NULL", recipient,
                Timestamp.from(at)) == 1;
    }

    @Test
    void sentMailsOlderThanTheRetentionLoseTheirContentsAndKeepTheirRow() {
        Instant now = clock.instant().plus(DAY.multipliedBy(15));
        // Other tests' mails share the table, some sent on their own (moved) clock's day: their contents go first,
        // so that the counts below are this test's mails only, whatever day the suite runs on.
        retention.removeContents(now);
        String old = mail("SENT", now.minus(DAY.multipliedBy(31)));
        String justOld = mail("SENT", now.minus(DAY.multipliedBy(30)).minusSeconds(1));
        String recent = mail("SENT", now.minus(DAY.multipliedBy(29)));
        String parked = mail("PARKED", now.minus(DAY.multipliedBy(90)));
        String pending = mail("PENDING", now.minus(DAY.multipliedBy(90)));

        assertThat(retention.removeContents(now)).isEqualTo(2);
        assertThat(contentsRemoved(old, now)).isTrue();
        assertThat(contentsRemoved(justOld, now)).isTrue();
        assertThat(contentsKept(recent)).isTrue();
        // not sent yet: kept until sent (or retried and sent)
        assertThat(contentsKept(parked)).isTrue();
        assertThat(contentsKept(pending)).isTrue();
        // a second run finds nothing more of these
        assertThat(retention.removeContents(now)).isZero();
        assertThat(contentsRemoved(old, now)).isTrue();

        // two days later the recent one is old enough too
        Instant later = now.plus(DAY.multipliedBy(2));
        assertThat(retention.removeContents(later)).isEqualTo(1);
        assertThat(contentsRemoved(recent, later)).isTrue();
        assertThat(contentsKept(parked)).isTrue();
        assertThat(contentsKept(pending)).isTrue();

        // the API shows the mail without a subject, and when it was removed
        String license = Sql.text(dataSource, "SELECT aggregate_id FROM outgoing_mail WHERE recipient = ?", old);
        asAdmin().queryParam("aggregateId", license).when().get("/mails").then().statusCode(200)
                .body("[0].recipient", equalTo(old))
                .body("[0].status", equalTo("SENT"))
                .body("[0].subject", nullValue())
                .body("[0].sentAt", notNullValue())
                .body("[0].contentsRemovedAt", notNullValue());
    }

    @Test
    void aRedeliveredEventIsNotMailedAgainAfterItsContentsWereRemoved() {
        String address = unique("retention-redelivered");
        ProducerRecord<String, String> record = CloudEventRecords.record(new EnterpriseSupportActivated(
                UUID.randomUUID(), address, "Pix4Dengine", "CH", Instant.parse("2026-03-01T00:00:00Z"),
                Instant.parse("2026-04-01T00:00:00Z"), Instant.parse("2026-02-27T10:00:00Z")), UUID.randomUUID(),
                "/eligibility-service");
        String ceId = new String(record.headers().lastHeader("ce_id").value());
        KafkaTestResource.publish(record);
        awaitMails(SMTP, address, 1);
        Awaitility.await("sent").atMost(WAIT).until(() -> rows("recipient = ? AND status = 'SENT'", address) == 1);

        // sent 20 days ago; the job runs 11 days from now: 31 days after the mail was sent
        update(dataSource, "UPDATE outgoing_mail SET sent_at = sent_at - interval '20 days' WHERE recipient = ?",
                address);
        Instant now = clock.instant().plus(DAY.multipliedBy(11));
        assertThat(retention.removeContents(now)).isEqualTo(1);
        assertThat(contentsRemoved(address, now)).isTrue();

        // the event again, after the consumed-event log forgot it: the kept row still stops a second mail
        assertThat(update(dataSource, "DELETE FROM consumed_event WHERE event_id = ?", ceId)).isEqualTo(1);
        KafkaTestResource.publish(record);
        Awaitility.await("consumed again").atMost(WAIT).until(() ->
                count(dataSource, "SELECT count(*) FROM consumed_event WHERE event_id = ?", ceId) == 1);
        assertThat(settle(SMTP, address)).hasSize(1);
        assertThat(rows("recipient = ?", address)).isEqualTo(1);
    }
}
