package io.slaplatform.notifier;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.slaplatform.events.Impact;
import io.slaplatform.testkit.quarkus.KafkaTestResource;
import io.slaplatform.testkit.quarkus.PostgresSchemaTestResource;
import jakarta.inject.Inject;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static io.slaplatform.notifier.MailRefusalTest.smtp;
import static io.slaplatform.notifier.MailRefusalTest.welcome;
import static io.slaplatform.notifier.NotifierTestSupport.WAIT;
import static io.slaplatform.notifier.NotifierTestSupport.asAdmin;
import static io.slaplatform.notifier.NotifierTestSupport.count;
import static io.slaplatform.notifier.NotifierTestSupport.publish;
import static io.slaplatform.notifier.NotifierTestSupport.submitted;
import static io.slaplatform.notifier.NotifierTestSupport.unique;
import static io.slaplatform.notifier.NotifierTestSupport.update;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Prometheus metrics at {@code /q/metrics}, read as a scraper reads them, after mails were sent, refused for a
 * while, and refused for good by a real SMTP server ({@link RefusingSmtpServer}).
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresSchemaTestResource.class)
@WithTestResource(RefusingSmtpTestResource.class)
class MailMetricsTest {

    private static final String KIND = "SUPPORT_ACTIVATED";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Clock clock;

    private long rows(String where, Object... parameters) {
        return count(dataSource, "SELECT count(*) FROM outgoing_mail WHERE " + where, parameters);
    }

    private long mailId(String recipient) {
        return count(dataSource, "SELECT id FROM outgoing_mail WHERE recipient = ?", recipient);
    }

    private static List<String> scrape() {
        return given().when().get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(line -> !line.startsWith("#"))
                .map(line -> line.replaceFirst(" # \\{.*$", "")) // an exemplar (trace of a sample) follows the value
                .toList();
    }

    /** The value of one series, e.g. {@code notifier_mails_sent_total{kind="SLA_ALERT"}}; NaN when absent. */
    private static double value(List<String> lines, String name, String labels) {
        return lines.stream()
                .filter(line -> line.startsWith(name + (labels == null ? " " : "{")))
                .filter(line -> labels == null || line.substring(name.length(), line.indexOf('}') + 1).contains(labels))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElse(Double.NaN);
    }

    private static double counter(List<String> lines, String name) {
        return value(lines, name, "kind=\"" + KIND + "\"");
    }

    @Test
    void sentFailedAndParkedMailsAreCountedByKind() {
        List<String> before = scrape();
        // every kind is there from the start, so that rates work before the first mail of a kind
        for (String kind : List.of("ACKNOWLEDGEMENT", "REJECTION", "SUPPORT_ACTIVATED", "SLA_ALERT")) {
            for (String name : List.of("notifier_mails_sent_total", "notifier_mails_failed_total",
                    "notifier_mails_parked_total")) {
                assertThat(value(before, name, "kind=\"" + kind + "\"")).as(name + " " + kind).isNotNaN();
            }
        }

        String fine = unique("metrics-fine");
        String refused = unique("metrics-refused");
        String greylisted = unique("metrics-greylisted");
        String refusedRule = Pattern.quote(refused);
        String greylistRule = Pattern.quote(greylisted);
        smtp().refuse(refusedRule, "554 5.7.1 <" + refused + ">: Relay access denied");
        smtp().refuse(greylistRule, "450 4.2.0 <" + greylisted + ">: Recipient address rejected: try again later");
        try {
            welcome(fine);
            welcome(refused);
            welcome(greylisted);
            Awaitility.await("first outcomes").atMost(WAIT).until(() ->
                    rows("recipient = ? AND status = 'SENT'", fine) == 1
                            && rows("recipient = ? AND status = 'PARKED'", refused) == 1
                            && rows("recipient = ? AND status = 'PENDING' AND attempts >= 2", greylisted) == 1);
        } finally {
            smtp().accept(greylistRule);
        }
        Awaitility.await("greylisted sent").atMost(WAIT).until(() ->
                rows("recipient = ? AND status = 'SENT'", greylisted) == 1);
        long greylistedFailures = count(dataSource, "SELECT attempts - 1 FROM outgoing_mail WHERE recipient = ?",
                greylisted);

        List<String> after = scrape();
        assertThat(counter(after, "notifier_mails_sent_total") - counter(before, "notifier_mails_sent_total"))
                .isEqualTo(2.0);
        // the refusal and each temporary failure
        assertThat(counter(after, "notifier_mails_failed_total") - counter(before, "notifier_mails_failed_total"))
                .isEqualTo(1.0 + greylistedFailures);
        assertThat(counter(after, "notifier_mails_parked_total") - counter(before, "notifier_mails_parked_total"))
                .isEqualTo(1.0);
        // other kinds untouched
        assertThat(value(after, "notifier_mails_sent_total", "kind=\"SLA_ALERT\""))
                .isEqualTo(value(before, "notifier_mails_sent_total", "kind=\"SLA_ALERT\""));

        // put it back in the queue: it is sent, and counted
        smtp().accept(refusedRule);
        asAdmin().when().post("/mails/" + mailId(refused) + "/retry").then().statusCode(200);
        Awaitility.await("retried and sent").atMost(WAIT).until(() ->
                rows("recipient = ? AND status = 'SENT'", refused) == 1);
        assertThat(counter(scrape(), "notifier_mails_sent_total") - counter(before, "notifier_mails_sent_total"))
                .isEqualTo(3.0);
    }

    @Test
    void theGaugesFollowThePendingAndParkedMails() {
        String refused = unique("gauge-refused");
        String rule = Pattern.quote(refused);
        smtp().refuse(rule, "550 5.1.1 <" + refused + ">: User unknown");
        String waiting = unique("gauge-waiting");
        try {
            welcome(refused);
            Awaitility.await("parked").atMost(WAIT).until(() ->
                    rows("recipient = ? AND status = 'PARKED'", refused) == 1);
            // a mail waiting for its next attempt, due tomorrow
            update(dataSource, """
                    INSERT INTO outgoing_mail (event_id, event_type, kind, aggregate_id, recipient, recipient_key,
                      message_id, locale, subject, text_body, html_body, status, attempts, next_attempt_at, last_error,
                      created_at)
                    VALUES (?, 'EnterpriseSupportActivated', 'SUPPORT_ACTIVATED', ?, ?, ?, ?, 'en', 's', 't', 'h',
                      'PENDING', 1, ?, 'SMTP 421: try later', ?)""",
                    UUID.randomUUID().toString(), UUID.randomUUID().toString(), waiting, waiting,
                    "<" + UUID.randomUUID() + "@test>", Timestamp.from(clock.instant().plus(Duration.ofDays(1))),
                    Timestamp.from(clock.instant()));

            // the gauges show the counts, refreshed every notifier.metrics.refresh-interval (1 s in tests)
            awaitGauges();
            assertThat(rows("status = 'PENDING'")).isGreaterThanOrEqualTo(1);
            assertThat(rows("status = 'PARKED'")).isGreaterThanOrEqualTo(1);

            update(dataSource, "DELETE FROM outgoing_mail WHERE recipient = ?", waiting);
            smtp().accept(rule);
            asAdmin().when().post("/mails/" + mailId(refused) + "/retry").then().statusCode(200);
            Awaitility.await("sent").atMost(WAIT).until(() ->
                    rows("recipient = ? AND status = 'SENT'", refused) == 1);
            awaitGauges();
        } finally {
            smtp().accept(rule);
            update(dataSource, "DELETE FROM outgoing_mail WHERE recipient = ?", waiting);
        }
    }

    private void awaitGauges() {
        Awaitility.await("gauges equal to the table").atMost(WAIT).untilAsserted(() -> {
            List<String> lines = scrape();
            assertThat(value(lines, "notifier_mails_pending", null)).isEqualTo(rows("status = 'PENDING'"));
            assertThat(value(lines, "notifier_mails_parked_current", null)).isEqualTo(rows("status = 'PARKED'"));
        });
    }

    /**
     * platform-runtime counts parked events when Micrometer is there, which it now is: a handler that keeps
     * failing (a contact address too long for the ticket table) parks its event and the counter shows it.
     */
    @Test
    void parkedConsumerEventsAreCountedToo() {
        UUID request = UUID.randomUUID();
        String ceId = publish(submitted(request, "x".repeat(300) + "@customer.example", "Too long an address", "en",
                Impact.MAJOR));
        Awaitility.await("event parked").atMost(WAIT).until(() ->
                count(dataSource, "SELECT count(*) FROM parked_event WHERE ce_id = ?", ceId) == 1);
        Awaitility.await("counted").atMost(WAIT).until(() ->
                value(scrape(), "consumer_events_parked_total", "type=\"RequestSubmitted\"") >= 1.0);
        assertThat(scrape()).anySatisfy(line -> assertThat(line).startsWith("consumer_events_parked_total{")
                .contains("topic=\"support.requests\"", "type=\"RequestSubmitted\""));
    }
}
