package io.slaplatform.eligibility;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.slaplatform.events.CloudEventRecords;
import io.slaplatform.events.Impact;
import io.slaplatform.events.RejectionReason;
import io.slaplatform.events.RequestAccepted;
import io.slaplatform.events.RequestRejected;
import io.slaplatform.events.RequestResolved;
import io.slaplatform.events.RequestSubmitted;
import io.slaplatform.events.Topics;
import io.slaplatform.testkit.AsyncApiContract;
import io.slaplatform.testkit.EventLog;
import io.slaplatform.testkit.ReceivedEvent;
import io.slaplatform.testkit.quarkus.KafkaTestResource;
import io.slaplatform.testkit.quarkus.PostgresSchemaTestResource;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;

import static io.slaplatform.eligibility.EligibilityTestSupport.QUIET;
import static io.slaplatform.eligibility.EligibilityTestSupport.UNTIL;
import static io.slaplatform.eligibility.EligibilityTestSupport.FROM;
import static io.slaplatform.eligibility.EligibilityTestSupport.EXPIRES;
import static io.slaplatform.eligibility.EligibilityTestSupport.ACTIVATED;
import static io.slaplatform.eligibility.EligibilityTestSupport.cancel;
import static io.slaplatform.eligibility.EligibilityTestSupport.confirm;
import static io.slaplatform.eligibility.EligibilityTestSupport.count;
import static io.slaplatform.eligibility.EligibilityTestSupport.newLicense;
import static io.slaplatform.eligibility.EligibilityTestSupport.register;
import static io.slaplatform.eligibility.EligibilityTestSupport.uniqueEmail;
import static io.slaplatform.eligibility.EligibilityTestSupport.update;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Decisions end to end inside the service: {@code RequestSubmitted} published on the real broker as
 * intake-service publishes it, the decision read back from {@code support.eligibility}.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresSchemaTestResource.class)
class EligibilityDecisionTest extends BeforeTheLicenses {

    private static final Instant MID = Instant.parse("2026-03-10T12:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    AgroalDataSource dataSource;

    /** The clock of the service under test: this test's "now". */
    @Inject
    Clock clock;

    private final EventLog events = KafkaTestResource.events();
    private final AsyncApiContract contract = AsyncApiContract.load();

    @Test
    void supportedRequestIsAcceptedWithTheLicenseHoldersCountry() {
        String email = uniqueEmail();
        String license = register(newLicense(email, "US", ACTIVATED, EXPIRES));
        confirm(license, FROM, UNTIL).statusCode(200);

        // Submitted from Switzerland, but the customer is based where the license says.
        Instant beforeDecision = clock.instant();
        RequestSubmitted request = submit(email, "CH", MID);

        RequestAccepted accepted = awaitDecision(request, "RequestAccepted").as(RequestAccepted.class);
        assertThat(accepted.licenseId()).hasToString(license);
        assertThat(accepted.customerCountry()).isEqualTo("US");
        assertThat(accepted.submittedAt()).isEqualTo(MID);
        // decided as of MID, at the time the service's clock read when it decided
        assertThat(accepted.decidedAt()).isBetween(beforeDecision, clock.instant());
        assertThat(count(dataSource, """
                        SELECT count(*) FROM eligibility_decision WHERE request_id = ? AND outcome = 'ACCEPTED'
                        AND license_id = ? AND customer_country = 'US' AND reason IS NULL""",
                request.requestId(), UUID.fromString(license))).isEqualTo(1);
    }

    @Test
    void anAddOnConfirmedWithoutACountryBeforeThatWasRefusedLeavesTheRequestsCountry() {
        // Today an add-on is refused on a license without a country; one confirmed before that rule stays.
        String email = uniqueEmail();
        String license = register(newLicense(email, null, ACTIVATED, EXPIRES));
        update(dataSource, """
                UPDATE license SET support_status = 'CONFIRMED', support_valid_from = ?, support_valid_until = ?,
                    support_confirmed_at = ? WHERE id = ?""", java.sql.Timestamp.from(FROM),
                java.sql.Timestamp.from(UNTIL), java.sql.Timestamp.from(ADMIN_DAY), UUID.fromString(license));
        update(dataSource, """
                INSERT INTO enterprise_support_grant (license_id, valid_from, valid_until, confirmed_at)
                VALUES (?, ?, ?, ?)""", UUID.fromString(license), java.sql.Timestamp.from(FROM),
                java.sql.Timestamp.from(UNTIL), java.sql.Timestamp.from(ADMIN_DAY));

        RequestSubmitted request = submit(email, "BR", MID);

        assertThat(awaitDecision(request, "RequestAccepted").as(RequestAccepted.class).customerCountry())
                .isEqualTo("BR");
    }

    @Test
    void licenseEmailMatchesIgnoringCase() {
        String email = "Ops.Team-" + UUID.randomUUID() + "@Customer.Example";
        String license = register(newLicense(email, "CH", ACTIVATED, EXPIRES));
        confirm(license, FROM, UNTIL).statusCode(200);

        RequestSubmitted request = submit(email.toUpperCase(java.util.Locale.ROOT), "CH", MID);

        assertThat(awaitDecision(request, "RequestAccepted").as(RequestAccepted.class).licenseId())
                .hasToString(license);
    }

    @Test
    void unknownEmailIsRejectedWithUnknownLicenseEmail() {
        RequestSubmitted request = submit(uniqueEmail(), "CH", MID);

        RequestRejected rejected = awaitRejection(request, RejectionReason.UNKNOWN_LICENSE_EMAIL);
        assertThat(rejected.detail()).isEqualTo("No license is registered for the license e-mail.");
        assertThat(count(dataSource, """
                        SELECT count(*) FROM eligibility_decision WHERE request_id = ? AND outcome = 'REJECTED'
                        AND reason = 'UNKNOWN_LICENSE_EMAIL' AND license_id IS NULL AND customer_country = 'CH'""",
                request.requestId())).isEqualTo(1);
    }

    @Test
    void licenseForAnotherProductIsRejectedWithUnsupportedProduct() {
        String email = uniqueEmail();
        var body = newLicense(email, "CH", ACTIVATED, EXPIRES);
        body.put("product", "Pix4Dmapper");
        confirm(register(body), FROM, UNTIL).statusCode(409); // the add-on is refused, too

        awaitRejection(submit(email, "CH", MID), RejectionReason.UNSUPPORTED_PRODUCT);
    }

    @Test
    void expiredLicenseIsRejectedWithLicenseExpired() {
        String email = uniqueEmail();
        confirm(register(newLicense(email, "CH", ACTIVATED, EXPIRES)), FROM, EXPIRES).statusCode(200);

        RequestRejected rejected = awaitRejection(submit(email, "CH", EXPIRES), RejectionReason.LICENSE_EXPIRED);
        assertThat(rejected.detail()).contains("expired at 2026-04-01T00:00:00Z");
    }

    @Test
    void licenseNotYetActiveIsRejectedWithLicenseNotYetActive() {
        String email = uniqueEmail();
        confirm(register(newLicense(email, "CH", ACTIVATED, EXPIRES)), ACTIVATED, EXPIRES).statusCode(200);

        awaitRejection(submit(email, "CH", ACTIVATED.minusSeconds(1)), RejectionReason.LICENSE_NOT_YET_ACTIVE);
    }

    @Test
    void licenseWithoutAddOnIsRejectedWithNoEnterpriseSupport() {
        String email = uniqueEmail();
        String license = register(newLicense(email, "DE", ACTIVATED, EXPIRES));

        RequestRejected rejected = awaitRejection(submit(email, "CH", MID), RejectionReason.NO_ENTERPRISE_SUPPORT);
        assertThat(count(dataSource, "SELECT count(*) FROM eligibility_decision WHERE request_id = ? AND license_id = ?",
                rejected.requestId(), UUID.fromString(license))).isEqualTo(1);
    }

    @Test
    void addOnWindowDecidesBothWays() {
        String email = uniqueEmail();
        confirm(register(newLicense(email, "CH", ACTIVATED, EXPIRES)), FROM, UNTIL).statusCode(200);

        awaitRejection(submit(email, "CH", FROM.minusSeconds(1)), RejectionReason.ENTERPRISE_SUPPORT_NOT_YET_ACTIVE);
        awaitRejection(submit(email, "CH", UNTIL), RejectionReason.ENTERPRISE_SUPPORT_EXPIRED);
        awaitDecision(submit(email, "CH", FROM), "RequestAccepted");
    }

    @Test
    void requestIsDecidedAsOfItsSubmissionNotAsOfNow() {
        // This license expired long ago; a request submitted while it ran (delivered late) is still accepted.
        String email = uniqueEmail();
        Instant activated = Instant.parse("2020-01-01T00:00:00Z");
        Instant expires = Instant.parse("2020-02-01T00:00:00Z");
        testClock.moveTo(activated.minusSeconds(3600)); // registered and confirmed back then
        confirm(register(newLicense(email, "CH", activated, expires)), activated, expires).statusCode(200);
        testClock.reset(); // decided today

        awaitDecision(submit(email, "CH", Instant.parse("2020-01-15T09:00:00Z")), "RequestAccepted");
    }

    /** A license of the add-on's life below: confirmed at the service's "now", cancelled an hour later. */
    private record Cancelled(String license, Instant confirmedAt, Instant cancelledAt) {
    }

    /** Registers a 30-day license around now, confirms its add-on, and cancels it an hour later. */
    private Cancelled licenseCancelledAnHourAfterItsConfirmation(String email) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant from = now.minus(Duration.ofDays(10));
        Instant until = now.plus(Duration.ofDays(20));
        String license = register(newLicense(email, "CH", from, until));
        Instant confirmedAt = Instant.parse(confirm(license, from, until).statusCode(200).extract()
                .path("enterpriseSupport.confirmedAt"));
        testClock.advance(Duration.ofHours(1));
        Instant cancelledAt = Instant.parse(cancel(license).statusCode(200).extract()
                .path("enterpriseSupport.cancelledAt"));
        return new Cancelled(license, confirmedAt, cancelledAt);
    }

    @Test
    void requestSubmittedBeforeALaterCancellationIsStillAccepted() {
        String email = uniqueEmail();
        Cancelled addOn = licenseCancelledAnHourAfterItsConfirmation(email);

        // Published after the cancellation, but submitted before it (and after the confirmation).
        RequestSubmitted before = submit(email, "CH", addOn.cancelledAt().minusSeconds(60));
        RequestSubmitted after = submit(email, "CH", addOn.cancelledAt().plusMillis(1));
        assertThat(before.submittedAt()).as("premise: submitted after the confirmation").isAfter(addOn.confirmedAt());

        assertThat(awaitDecision(before, "RequestAccepted").as(RequestAccepted.class).licenseId())
                .hasToString(addOn.license());
        assertThat(awaitRejection(after, RejectionReason.NO_ENTERPRISE_SUPPORT).detail())
                .contains("was cancelled at " + addOn.cancelledAt());
    }

    @Test
    void aRequestSubmittedWhileTheAddOnWasCancelledIsRejectedThoughDecidedAfterItWasConfirmedAgain() {
        String email = uniqueEmail();
        Cancelled addOn = licenseCancelledAnHourAfterItsConfirmation(email);
        Instant cancelledAt = addOn.cancelledAt();
        testClock.advance(Duration.ofHours(1));
        Instant now = clock.instant();
        confirm(addOn.license(), now.minus(Duration.ofDays(5)), now.plus(Duration.ofDays(5))).statusCode(200);

        // submitted half an hour after the cancellation, published (decided) after the re-confirmation
        RequestSubmitted whileCancelled = submit(email, "CH", cancelledAt.plus(Duration.ofMinutes(30)));

        assertThat(awaitRejection(whileCancelled, RejectionReason.NO_ENTERPRISE_SUPPORT).detail())
                .contains("was cancelled at " + cancelledAt);
    }

    @Test
    void anAddOnConfirmedAfterTheSubmissionDoesNotCoverTheRequest() {
        // the window starts with the license, but the add-on was confirmed only on ADMIN_DAY
        String email = uniqueEmail();
        Instant activated = ADMIN_DAY.minus(Duration.ofDays(20));
        confirm(register(newLicense(email, "CH", activated, EXPIRES)), activated, EXPIRES).statusCode(200);

        RequestRejected rejected = awaitRejection(submit(email, "CH", ADMIN_DAY.minus(Duration.ofDays(1))),
                RejectionReason.NO_ENTERPRISE_SUPPORT);
        assertThat(rejected.detail()).contains("no confirmed Enterprise support add-on");
        awaitDecision(submit(email, "CH", ADMIN_DAY.plus(Duration.ofDays(1))), "RequestAccepted");
    }

    @Test
    void otherRequestEventsAreNotDecided() {
        UUID requestId = UUID.randomUUID();
        KafkaTestResource.publish(CloudEventRecords.record(new RequestResolved(requestId, MID), UUID.randomUUID(),
                "/intake-service"));

        assertThat(events.settle(requestId.toString(), "RequestAccepted", QUIET)).isEmpty();
        assertThat(events.forKey(requestId.toString(), "RequestRejected")).isEmpty();
        assertThat(count(dataSource, "SELECT count(*) FROM eligibility_decision WHERE request_id = ?", requestId))
                .isZero();
    }

    /** Publishes a {@code RequestSubmitted} as intake-service does, with a fresh {@code ce_id}. */
    private static RequestSubmitted submit(String licenseEmail, String country, Instant submittedAt) {
        RequestSubmitted request = new RequestSubmitted(UUID.randomUUID(), licenseEmail, "jane.doe@customer.example",
                Impact.MAJOR, "Processing stalls at 80%", "Every project stops at densification.", country, "en",
                submittedAt);
        KafkaTestResource.publish(CloudEventRecords.record(request, UUID.randomUUID(), "/intake-service"));
        return request;
    }

    /** Waits for the decision of this type, checks it is the only decision and that it conforms. */
    private ReceivedEvent awaitDecision(RequestSubmitted request, String type) {
        String key = request.requestId().toString();
        ReceivedEvent decision = events.await(key, type, WAIT);
        assertThat(decision.topic()).isEqualTo(Topics.SUPPORT_ELIGIBILITY);
        assertThat(decision.source()).isEqualTo("/eligibility-service");
        assertThat(decision.headers()).containsEntry("ce_subject", key);
        assertThat(events.forKey(key).stream().filter(e -> e.topic().equals(Topics.SUPPORT_ELIGIBILITY)))
                .as("decisions for " + key).hasSize(1);
        contract.assertConforms(events.forKey(key));
        return decision;
    }

    private RequestRejected awaitRejection(RequestSubmitted request, RejectionReason reason) {
        RequestRejected rejected = awaitDecision(request, "RequestRejected").as(RequestRejected.class);
        assertThat(rejected.reason()).isEqualTo(reason);
        assertThat(rejected.submittedAt()).isEqualTo(request.submittedAt());
        assertThat(rejected.detail()).isNotBlank();
        return rejected;
    }
}
