package io.slaplatform.notifier;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.slaplatform.events.EnterpriseSupportActivated;
import io.slaplatform.testkit.quarkus.KafkaTestResource;
import io.slaplatform.testkit.quarkus.PostgresSchemaTestResource;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import static io.slaplatform.notifier.NotifierTestSupport.QUIET;
import static io.slaplatform.notifier.NotifierTestSupport.WAIT;
import static io.slaplatform.notifier.NotifierTestSupport.asAdmin;
import static io.slaplatform.notifier.NotifierTestSupport.count;
import static io.slaplatform.notifier.NotifierTestSupport.publish;
import static io.slaplatform.notifier.NotifierTestSupport.sleep;
import static io.slaplatform.notifier.NotifierTestSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * How the sender tells a permanent refusal from a temporary one, over a real socket: the SMTP server here is
 * {@link RefusingSmtpServer}, which answers {@code RCPT TO} of chosen addresses with a 5xx or 4xx reply. Quarkus
 * Mailer (Vert.x mail) turns that reply into an {@code SMTPException} carrying the code, which is what
 * {@code MailSender} classifies: a 5xx parks the mail at once, anything else is retried with back-off.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresSchemaTestResource.class)
@WithTestResource(RefusingSmtpTestResource.class)
class MailRefusalTest {

    @Inject
    AgroalDataSource dataSource;

    static RefusingSmtpServer smtp() {
        return RefusingSmtpTestResource.server();
    }

    /** Publishes an EnterpriseSupportActivated to {@code address}: one SUPPORT_ACTIVATED mail. */
    static void welcome(String address) {
        publish(new EnterpriseSupportActivated(UUID.randomUUID(), address, "Pix4Dengine", "CH",
                Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-04-01T00:00:00Z"),
                Instant.parse("2026-02-27T10:00:00Z")));
    }

    private long rows(String where, Object... parameters) {
        return count(dataSource, "SELECT count(*) FROM outgoing_mail WHERE " + where, parameters);
    }

    private long mailId(String recipient) {
        return count(dataSource, "SELECT id FROM outgoing_mail WHERE recipient = ?", recipient);
    }

    private void awaitSent(String address) {
        Awaitility.await("sent to " + address).atMost(WAIT).until(() ->
                rows("recipient = ? AND status = 'SENT'", address) == 1);
    }

    @Test
    void aPermanentRefusalParksTheMailAtOnceAndTheOthersAreSent() {
        String before = unique("fine-before");
        String refused = unique("refused");
        String after = unique("fine-after");
        String rule = Pattern.quote(refused);
        smtp().refuse(rule, "550 5.1.1 <" + refused + ">: Recipient address rejected: User unknown");
        try {
            welcome(before);
            welcome(refused);
            welcome(after);

            Awaitility.await("parked").atMost(WAIT).until(() ->
                    rows("recipient = ? AND status = 'PARKED'", refused) == 1);
            long id = mailId(refused);
            // parked at the first attempt, not after notifier.sender.max-attempts (6 in tests), with the reply kept
            assertThat(rows("id = ? AND attempts = 1 AND parked_at IS NOT NULL AND next_attempt_at IS NULL "
                    + "AND last_error LIKE 'SMTP 550:%' AND last_error LIKE '%User unknown%'", id)).isEqualTo(1);
            asAdmin().when().get("/mails/parked").then().statusCode(200)
                    .body("find { it.id == " + id + " }.recipient", equalTo(refused))
                    .body("find { it.id == " + id + " }.status", equalTo("PARKED"))
                    .body("find { it.id == " + id + " }.attempts", equalTo(1))
                    .body("find { it.id == " + id + " }.lastError", containsString("550"))
                    .body("find { it.id == " + id + " }.lastError", containsString("User unknown"));

            // the others went through, queued before and after it
            awaitSent(before);
            awaitSent(after);
            assertThat(smtp().acceptedFor(before)).isEqualTo(1);
            assertThat(smtp().acceptedFor(after)).isEqualTo(1);

            // and the refused one is not knocked again
            sleep(QUIET);
            assertThat(smtp().rcptsFor(refused)).hasSize(1)
                    .allSatisfy(rcpt -> assertThat(rcpt.reply()).startsWith("550 5.1.1"));
            assertThat(smtp().acceptedFor(refused)).isZero();
            assertThat(rows("id = ? AND status = 'PARKED' AND attempts = 1", id)).isEqualTo(1);

            // once the address is fixed at the receiving end, an operator sends it again
            smtp().accept(rule);
            asAdmin().when().post("/mails/" + id + "/retry").then().statusCode(200).body("status", equalTo("PENDING"));
            awaitSent(refused);
            assertThat(smtp().acceptedFor(refused)).isEqualTo(1);
        } finally {
            smtp().accept(rule);
        }
    }

    @Test
    void aTemporaryRefusalIsRetriedNotParked() {
        String greylisted = unique("greylisted");
        String rule = Pattern.quote(greylisted);
        smtp().refuse(rule, "451 4.7.1 <" + greylisted + ">: Recipient address rejected: greylisted, try again later");
        try {
            welcome(greylisted);
            // tried again after the back-off, still pending, the temporary reply kept
            Awaitility.await("retried").atMost(WAIT).until(() ->
                    rows("recipient = ? AND status = 'PENDING' AND attempts >= 2", greylisted) == 1);
            assertThat(rows("recipient = ? AND status = 'PENDING' AND next_attempt_at IS NOT NULL "
                    + "AND last_error LIKE 'SMTP 451:%'", greylisted)).isEqualTo(1);
            assertThat(smtp().rcptsFor(greylisted)).hasSizeGreaterThanOrEqualTo(2)
                    .allSatisfy(rcpt -> assertThat(rcpt.reply()).startsWith("451 4.7.1"));
        } finally {
            smtp().accept(rule);
        }
        // accepted at a later attempt: sent once, never parked
        awaitSent(greylisted);
        long id = mailId(greylisted);
        assertThat(rows("id = ? AND attempts >= 3 AND parked_at IS NULL AND last_error IS NULL", id)).isEqualTo(1);
        assertThat(smtp().acceptedFor(greylisted)).isEqualTo(1);
    }

    /**
     * A 50x reply (syntax or sequence: 500 command unrecognised, 503 bad sequence) refuses no mail and no
     * mailbox; from a well-formed client it means the session went wrong (the fault suite saw a 500 after an SMTP
     * server had answered 421 and closed), so it is retried, not parked: parking it lost the mail.
     */
    @Test
    void aProtocolErrorReplyIsRetriedNotParked() {
        String garbled = unique("garbled-session");
        String rule = Pattern.quote(garbled);
        smtp().refuse(rule, "500 5.5.1 Command unrecognized");
        try {
            welcome(garbled);
            Awaitility.await("retried").atMost(WAIT).until(() ->
                    rows("recipient = ? AND status = 'PENDING' AND attempts >= 2", garbled) == 1);
            assertThat(rows("recipient = ? AND last_error LIKE 'SMTP 500:%' AND parked_at IS NULL", garbled))
                    .isEqualTo(1);
        } finally {
            smtp().accept(rule);
        }
        awaitSent(garbled);
        assertThat(smtp().acceptedFor(garbled)).isEqualTo(1);
    }
}
