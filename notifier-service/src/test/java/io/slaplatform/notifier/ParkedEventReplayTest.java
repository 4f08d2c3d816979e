package io.slaplatform.notifier;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.slaplatform.events.Breached;
import io.slaplatform.events.ClockStarted;
import io.slaplatform.events.DeadlineApproaching;
import io.slaplatform.events.EnterpriseSupportActivated;
import io.slaplatform.events.Impact;
import io.slaplatform.events.RejectionReason;
import io.slaplatform.events.RequestAccepted;
import io.slaplatform.events.RequestRejected;
import io.slaplatform.events.Topics;
import io.slaplatform.testkit.EmbeddedSmtp;
import io.slaplatform.testkit.Sql;
import io.slaplatform.testkit.quarkus.KafkaTestResource;
import io.slaplatform.testkit.quarkus.PostgresSchemaTestResource;
import io.slaplatform.testkit.quarkus.SmtpTestResource;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.slaplatform.notifier.NotifierTestSupport.SUBMITTED;
import static io.slaplatform.notifier.NotifierTestSupport.WAIT;
import static io.slaplatform.notifier.NotifierTestSupport.asAdmin;
import static io.slaplatform.notifier.NotifierTestSupport.awaitMails;
import static io.slaplatform.notifier.NotifierTestSupport.count;
import static io.slaplatform.notifier.NotifierTestSupport.header;
import static io.slaplatform.notifier.NotifierTestSupport.deleteAllSubscriptions;
import static io.slaplatform.notifier.NotifierTestSupport.mailsTo;
import static io.slaplatform.notifier.NotifierTestSupport.publish;
import static io.slaplatform.notifier.NotifierTestSupport.settle;
import static io.slaplatform.notifier.NotifierTestSupport.submitted;
import static io.slaplatform.notifier.NotifierTestSupport.subscribe;
import static io.slaplatform.notifier.NotifierTestSupport.subscription;
import static io.slaplatform.notifier.NotifierTestSupport.unique;
import static io.slaplatform.notifier.NotifierTestSupport.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * An event of each topic the notifier reads, parked because its handler kept failing (the mail it queues is
 * refused by a constraint an "operator" added to {@code outgoing_mail}), is replayed by an administrator through
 * {@code /admin/parked-events/{id}/replay} once the cause is gone: the listener hands the replay the handler its
 * consumer uses, and the mail goes out once.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresSchemaTestResource.class)
@WithTestResource(SmtpTestResource.class)
class ParkedEventReplayTest extends OnTheTestDay {

    private static final Supplier<EmbeddedSmtp> SMTP = SmtpTestResource::server;
    private static final Instant DEADLINE = Instant.parse("2026-11-30T17:00:00Z");
    private static final String BLOCK = "replay_test_block";

    @Inject
    AgroalDataSource dataSource;

    @AfterEach
    void cleanUp() {
        update(dataSource, "ALTER TABLE outgoing_mail DROP CONSTRAINT IF EXISTS " + BLOCK);
        deleteAllSubscriptions();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {Topics.SUPPORT_REQUESTS, Topics.SUPPORT_ELIGIBILITY, Topics.SUPPORT_LICENSES,
            Topics.SLA_CLOCK, Topics.SLA_DEADLINE_APPROACHING, Topics.SLA_BREACHED})
    void anEventParkedFromEachTopicIsReplayedWithItsConsumersHandler(String topic) {
        String recipient = unique("replay");
        block(recipient);
        String ceId = publishUntilTheLastEventOf(topic, recipient);
        Awaitility.await("parked").atMost(WAIT).until(() ->
                count(dataSource, "SELECT count(*) FROM parked_event WHERE ce_id = ?", ceId) == 1);
        long id = Long.parseLong(Sql.text(dataSource, "SELECT id FROM parked_event WHERE ce_id = ?", ceId));
        assertThat(settle(SMTP, recipient)).isEmpty();
        asAdmin().when().get("/admin/parked-events/{id}", id).then().statusCode(200)
                .body("topic", equalTo(topic)).body("ceId", equalTo(ceId));

        // the cause is fixed; an administrator replays the event
        update(dataSource, "ALTER TABLE outgoing_mail DROP CONSTRAINT " + BLOCK);
        asAdmin().when().post("/admin/parked-events/{id}/replay", id).then().statusCode(200)
                .body("replayed", equalTo(true)).body("ceId", equalTo(ceId));

        awaitMails(SMTP, recipient, 1);
        // one mail: one Message-ID (a send whose answer outlasted quarkus.mailer.timeout on a loaded machine is sent
        // again with the same Message-ID, the documented limit of SMTP; see MailSender)
        assertThat(settle(SMTP, recipient)).extracting(m -> header(m, "Message-ID")).doesNotContainNull()
                .containsOnly(header(mailsTo(SMTP.get(), recipient).get(0), "Message-ID"));
        assertThat(count(dataSource, "SELECT count(*) FROM outgoing_mail WHERE recipient_key = ?",
                recipient.toLowerCase(Locale.ROOT))).isEqualTo(1);
        assertThat(count(dataSource, "SELECT count(*) FROM parked_event WHERE ce_id = ?", ceId)).isZero();
        asAdmin().when().post("/admin/parked-events/{id}/replay", id).then().statusCode(404);
    }

    /** Makes queuing a mail to {@code recipient} fail, as a broken table would. */
    private void block(String recipient) {
        update(dataSource, "ALTER TABLE outgoing_mail ADD CONSTRAINT " + BLOCK + " CHECK (recipient_key <> '"
                + recipient.toLowerCase(Locale.ROOT) + "') NOT VALID");
    }

    /**
     * Publishes what the mail to {@code recipient} needs, waiting until each is consumed, then the event of
     * {@code topic} that queues the mail (and so fails); returns that event's ce_id.
     */
    private String publishUntilTheLastEventOf(String topic, String recipient) {
        UUID ticket = UUID.randomUUID();
        return switch (topic) {
            case Topics.SUPPORT_REQUESTS -> {
                consumed(publish(new RequestRejected(ticket, RejectionReason.UNKNOWN_LICENSE_EMAIL, "No license.",
                        SUBMITTED, SUBMITTED)));
                yield publish(submitted(ticket, recipient, "Help", "en", Impact.MAJOR));
            }
            case Topics.SUPPORT_ELIGIBILITY -> {
                consumed(publish(submitted(ticket, recipient, "Help", "en", Impact.MAJOR)));
                yield publish(new RequestRejected(ticket, RejectionReason.UNKNOWN_LICENSE_EMAIL, "No license.",
                        SUBMITTED, SUBMITTED));
            }
            case Topics.SUPPORT_LICENSES -> publish(new EnterpriseSupportActivated(UUID.randomUUID(), recipient,
                    "Pix4Dengine", "CH", SUBMITTED, SUBMITTED.plus(Duration.ofDays(365)), SUBMITTED));
            case Topics.SLA_CLOCK -> {
                consumed(publish(submitted(ticket, recipient, "Help", "en", Impact.MAJOR)),
                        publish(new RequestAccepted(ticket, UUID.randomUUID(), "US", SUBMITTED, SUBMITTED)));
                yield publish(new ClockStarted(ticket, 1, Impact.MAJOR, "us-pacific", Duration.ofHours(4),
                        SUBMITTED, DEADLINE));
            }
            case Topics.SLA_DEADLINE_APPROACHING -> {
                subscribe(subscription(recipient, "DeadlineApproaching"));
                consumed(publish(submitted(ticket, unique("jane"), "Help", "en", Impact.MAJOR)));
                yield publish(new DeadlineApproaching(ticket, 1, Impact.MAJOR, "swiss", 0.75, Duration.ofHours(1),
                        DEADLINE, DEADLINE.minus(Duration.ofHours(1))));
            }
            case Topics.SLA_BREACHED -> {
                subscribe(subscription(recipient, "Breached"));
                consumed(publish(submitted(ticket, unique("jane"), "Help", "en", Impact.MAJOR)));
                yield publish(new Breached(ticket, 1, Impact.MAJOR, "swiss", DEADLINE));
            }
            default -> throw new IllegalArgumentException(topic);
        };
    }

    private void consumed(String... ceIds) {
        Awaitility.await("consumed").atMost(WAIT).until(() -> List.of(ceIds).stream().allMatch(id ->
                count(dataSource, "SELECT count(*) FROM consumed_event WHERE event_id = ?", id) == 1));
    }
}
