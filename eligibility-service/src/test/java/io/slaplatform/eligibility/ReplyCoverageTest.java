package io.slaplatform.eligibility;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.slaplatform.events.CloudEventHeaders;
import io.slaplatform.events.CloudEventRecords;
import io.slaplatform.events.CustomerReplied;
import io.slaplatform.events.Impact;
import io.slaplatform.events.RejectionReason;
import io.slaplatform.events.ReplyCovered;
import io.slaplatform.events.ReplyNotCovered;
import io.slaplatform.events.RequestSubmitted;
import io.slaplatform.events.Topics;
import io.slaplatform.testkit.AsyncApiContract;
import io.slaplatform.testkit.EventLog;
import io.slaplatform.testkit.ReceivedEvent;
import io.slaplatform.testkit.quarkus.KafkaTestResource;
import io.slaplatform.testkit.quarkus.PostgresSchemaTestResource;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import static io.slaplatform.eligibility.EligibilityTestSupport.ACTIVATED;
import static io.slaplatform.eligibility.EligibilityTestSupport.EXPIRES;
import static io.slaplatform.eligibility.EligibilityTestSupport.FROM;
import static io.slaplatform.eligibility.EligibilityTestSupport.UNTIL;
import static io.slaplatform.eligibility.EligibilityTestSupport.cancel;
import static io.slaplatform.eligibility.EligibilityTestSupport.confirm;
import static io.slaplatform.eligibility.EligibilityTestSupport.count;
import static io.slaplatform.eligibility.EligibilityTestSupport.newLicense;
import static io.slaplatform.eligibility.EligibilityTestSupport.register;
import static io.slaplatform.eligibility.EligibilityTestSupport.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage per cycle: every customer reply of an accepted request is decided at the reply's instant, on the add-on
 * history, however late: {@code ReplyCovered} or {@code ReplyNotCovered} on {@code support.eligibility}.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresSchemaTestResource.class)
class ReplyCoverageTest extends BeforeTheLicenses {

    private static final Instant MID = Instant.parse("2026-03-10T12:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    AgroalDataSource dataSource;

    private final EventLog events = KafkaTestResource.events();

    @Test
    void aReplyInsideTheAddOnWindowIsCoveredAndOneAfterItEndedIsNot() {
        String email = uniqueEmail();
        String license = register(newLicense(email, "CH", ACTIVATED, EXPIRES));
        confirm(license, FROM, UNTIL).statusCode(200);
        RequestSubmitted request = submit(email, MID);
        events.await(request.requestId().toString(), "RequestAccepted", WAIT);

        CustomerReplied inside = reply(request, UNTIL.minusSeconds(1));
        ReplyCovered covered = awaitCoverage(inside, "ReplyCovered").as(ReplyCovered.class);
        assertThat(covered.licenseId()).hasToString(license);
        assertThat(covered.repliedAt()).isEqualTo(inside.repliedAt());

        // the license still runs, its add-on window does not
        CustomerReplied after = reply(request, UNTIL);
        ReplyNotCovered notCovered = awaitCoverage(after, "ReplyNotCovered").as(ReplyNotCovered.class);
        assertThat(notCovered.reason()).isEqualTo(RejectionReason.ENTERPRISE_SUPPORT_EXPIRED);
        assertThat(notCovered.detail()).contains("ended at " + UNTIL);
        assertThat(count(dataSource, "SELECT count(*) FROM reply_coverage WHERE request_id = ? AND NOT covered "
                + "AND reason = 'ENTERPRISE_SUPPORT_EXPIRED'", request.requestId())).isEqualTo(1);
    }

    @Test
    void aReplyAfterTheLicenseExpiredIsNotCovered() {
        String email = uniqueEmail();
        confirm(register(newLicense(email, "US", ACTIVATED, EXPIRES)), ACTIVATED, EXPIRES).statusCode(200);
        RequestSubmitted request = submit(email, MID);
        events.await(request.requestId().toString(), "RequestAccepted", WAIT);

        ReplyNotCovered notCovered = awaitCoverage(reply(request, EXPIRES.plusSeconds(3600)), "ReplyNotCovered")
                .as(ReplyNotCovered.class);
        assertThat(notCovered.reason()).isEqualTo(RejectionReason.LICENSE_EXPIRED);
    }

    @Test
    void aReplyIsDecidedOnTheAddOnAsItStoodAtTheReplyHoweverLateItIsDecided() {
        String email = uniqueEmail();
        String license = register(newLicense(email, "CH", ACTIVATED, EXPIRES));
        confirm(license, ACTIVATED, EXPIRES).statusCode(200);
        RequestSubmitted request = submit(email, MID);
        events.await(request.requestId().toString(), "RequestAccepted", WAIT);
        // the add-on is cancelled a day after the request, and confirmed again a day after that
        testClock.moveTo(MID.plus(Duration.ofDays(1)));
        Instant cancelledAt = Instant.parse(cancel(license).statusCode(200).extract()
                .path("enterpriseSupport.cancelledAt"));
        testClock.moveTo(cancelledAt.plus(Duration.ofDays(1)));
        confirm(license, ACTIVATED, EXPIRES).statusCode(200);

        // all three published (decided) after the re-confirmation
        CustomerReplied beforeTheCancellation = reply(request, cancelledAt.minusSeconds(60));
        CustomerReplied whileCancelled = reply(request, cancelledAt.plus(Duration.ofHours(2)));
        CustomerReplied afterTheReconfirmation = reply(request, cancelledAt.plus(Duration.ofDays(2)));

        awaitCoverage(beforeTheCancellation, "ReplyCovered");
        ReplyNotCovered cancelled = awaitCoverage(whileCancelled, "ReplyNotCovered").as(ReplyNotCovered.class);
        assertThat(cancelled.reason()).isEqualTo(RejectionReason.NO_ENTERPRISE_SUPPORT);
        assertThat(cancelled.detail()).contains("was cancelled at " + cancelledAt)
                .contains("before the customer replied at " + whileCancelled.repliedAt());
        awaitCoverage(afterTheReconfirmation, "ReplyCovered");
    }

    @Test
    void aReplyOfARejectedRequestIsNotDecided() {
        RequestSubmitted request = submit(uniqueEmail(), MID); // no license: rejected
        events.await(request.requestId().toString(), "RequestRejected", WAIT);

        ProducerRecord<String, String> record = record(new CustomerReplied(request.requestId(), UUID.randomUUID(),
                MID.plusSeconds(3600)));
        KafkaTestResource.publish(record);
        awaitConsumed(ceId(record));

        // the decision would have been stored and queued in the transaction that consumed the reply
        assertThat(count(dataSource, "SELECT count(*) FROM reply_coverage WHERE request_id = ?", request.requestId()))
                .isZero();
        assertThat(count(dataSource, "SELECT count(*) FROM outbox_event WHERE record_key = ? AND event_type LIKE 'Reply%'",
                request.requestId().toString())).isZero();
        assertThat(count(dataSource, "SELECT count(*) FROM parked_event WHERE ce_id = ?", ceId(record))).isZero();
    }

    @Test
    void aReplySentAgainUnderANewEventIdIsDecidedOnce() {
        String email = uniqueEmail();
        confirm(register(newLicense(email, "CH", ACTIVATED, EXPIRES)), ACTIVATED, EXPIRES).statusCode(200);
        RequestSubmitted request = submit(email, MID);
        events.await(request.requestId().toString(), "RequestAccepted", WAIT);
        CustomerReplied reply = reply(request, MID.plusSeconds(3600));
        awaitCoverage(reply, "ReplyCovered");

        // Without the reply_coverage guard the primary key refuses a second row: the record would be parked.
        ProducerRecord<String, String> resent = record(reply);
        KafkaTestResource.publish(resent);
        awaitConsumed(ceId(resent));
        assertThat(count(dataSource, "SELECT count(*) FROM parked_event WHERE ce_id = ?", ceId(resent))).isZero();
        assertThat(count(dataSource, "SELECT count(*) FROM reply_coverage WHERE reply_id = ?", reply.replyId()))
                .isEqualTo(1);

    }

    private static RequestSubmitted submit(String licenseEmail, Instant submittedAt) {
        RequestSubmitted request = new RequestSubmitted(UUID.randomUUID(), licenseEmail, "jane.doe@customer.example",
                Impact.MAJOR, "Processing stalls at 80%", "Every project stops at densification.", "CH", "en",
                submittedAt);
        KafkaTestResource.publish(CloudEventRecords.record(request, UUID.randomUUID(), "/intake-service"));
        return request;
    }

    private static CustomerReplied reply(RequestSubmitted request, Instant repliedAt) {
        CustomerReplied reply = new CustomerReplied(request.requestId(), UUID.randomUUID(), repliedAt);
        KafkaTestResource.publish(record(reply));
        return reply;
    }

    private static ProducerRecord<String, String> record(CustomerReplied reply) {
        return CloudEventRecords.record(reply, UUID.randomUUID(), "/intake-service");
    }

    private static String ceId(ProducerRecord<String, String> record) {
        return new String(record.headers().lastHeader(CloudEventHeaders.ID).value());
    }

    /** Waits for the reply's coverage decision of this type, checks it conforms and is its only one. */
    private ReceivedEvent awaitCoverage(CustomerReplied reply, String type) {
        String key = reply.requestId().toString();
        ReceivedEvent decision = events.awaitMatching(e -> key.equals(e.key()) && type.equals(e.type())
                && ofReply(e, reply), WAIT, type + " of reply " + reply.replyId());
        assertThat(decision.topic()).isEqualTo(Topics.SUPPORT_ELIGIBILITY);
        assertThat(decision.source()).isEqualTo("/eligibility-service");
        assertThat(events.forKey(key).stream()
                .filter(e -> ofReply(e, reply)))
                .as("coverage decisions of reply " + reply.replyId()).hasSize(1);
        AsyncApiContract.load().assertConforms(events.forKey(key));
        return decision;
    }

    private static boolean ofReply(ReceivedEvent event, CustomerReplied reply) {
        return Topics.SUPPORT_ELIGIBILITY.equals(event.topic())
                && reply.replyId().toString().equals(event.json().path("replyId").asText());
    }

    private void awaitConsumed(String ceId) {
        Awaitility.await("consumption of " + ceId).atMost(WAIT).until(() ->
                count(dataSource, "SELECT count(*) FROM consumed_event WHERE event_id = ?", ceId) == 1);
    }
}
