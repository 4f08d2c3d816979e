package io.slaplatform.eligibility;

import io.slaplatform.eligibility.domain.EnterpriseSupportStatus;
import io.slaplatform.eligibility.domain.SupportGrant;
import io.slaplatform.eligibility.domain.Decision;
import io.slaplatform.eligibility.domain.EligibilityPolicy;
import io.slaplatform.eligibility.domain.EnterpriseAddOn;
import io.slaplatform.eligibility.domain.LicenseTerms;
import io.slaplatform.events.RejectionReason;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static io.slaplatform.events.RejectionReason.ENTERPRISE_SUPPORT_EXPIRED;
import static io.slaplatform.events.RejectionReason.ENTERPRISE_SUPPORT_NOT_YET_ACTIVE;
import static io.slaplatform.events.RejectionReason.LICENSE_EXPIRED;
import static io.slaplatform.events.RejectionReason.LICENSE_NOT_YET_ACTIVE;
import static io.slaplatform.events.RejectionReason.NO_ENTERPRISE_SUPPORT;
import static io.slaplatform.events.RejectionReason.UNKNOWN_LICENSE_EMAIL;
import static io.slaplatform.events.RejectionReason.UNSUPPORTED_PRODUCT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The eligibility rules, evaluated at the submission instant; plain JUnit, no application. */
class EligibilityPolicyTest {

    private static final EligibilityPolicy POLICY = EligibilityPolicy.forProduct("Pix4Dengine");

    // One month of license, and an add-on window inside it.
    private static final Instant ACTIVATED = Instant.parse("2026-03-01T00:00:00Z");
    private static final Instant EXPIRES = Instant.parse("2026-04-01T00:00:00Z");
    private static final Instant FROM = Instant.parse("2026-03-05T00:00:00Z");
    private static final Instant UNTIL = Instant.parse("2026-03-25T00:00:00Z");
    private static final Instant MID = Instant.parse("2026-03-10T12:00:00Z");

    private static final UUID L1 = new UUID(0, 1);
    private static final UUID L2 = new UUID(0, 2);

    /** What a row expects: accepted on, or rejected with a reason about, a license (null: none). */
    record Expected(RejectionReason reason, UUID license) {
        static Expected accepted(UUID license) {
            return new Expected(null, license);
        }

        static Expected rejected(RejectionReason reason, UUID license) {
            return new Expected(reason, license);
        }

        @Override
        public String toString() {
            return (reason == null ? "ACCEPTED" : reason.name()) + (license == null ? "" : " on " + license);
        }
    }

    static Stream<Arguments> cases() {
        EnterpriseAddOn window = EnterpriseAddOn.confirmed(FROM, UNTIL);
        return Stream.of(
                // --- which licenses count
                // nothing registered for the e-mail
                row("no license at all", MID, rejected(UNKNOWN_LICENSE_EMAIL, null)),
                // a fully supported license, but for another product
                row("only another product", MID, rejected(UNSUPPORTED_PRODUCT, null),
                        license(L1, "Pix4Dmapper", window)),
                // product names are compared ignoring case and surrounding blanks
                row("product in other case", MID, accepted(L1), license(L1, "pIX4dENGINE", window)),
                row("product with blanks", MID, accepted(L1), license(L1, " Pix4Dengine ", window)),
                // the other product's support does not help the supported product's expired license
                row("other product supported, ours expired", EXPIRES, rejected(LICENSE_EXPIRED, L2),
                        license(L1, "Pix4Dmapper", ACTIVATED, EXPIRES.plusSeconds(86_400), EnterpriseAddOn
                                .confirmed(ACTIVATED, EXPIRES.plusSeconds(86_400))),
                        license(L2, "Pix4Dengine", window)),

                // --- license validity [activatedAt, expiresAt)
                row("inside license and window", MID, accepted(L1), license(L1, window)),
                row("exactly at activatedAt", ACTIVATED, accepted(L1),
                        license(L1, EnterpriseAddOn.confirmed(ACTIVATED, UNTIL))),
                row("a nanosecond before activatedAt", ACTIVATED.minusNanos(1), rejected(LICENSE_NOT_YET_ACTIVE, L1),
                        license(L1, EnterpriseAddOn.confirmed(ACTIVATED, UNTIL))),
                row("a nanosecond before expiresAt", EXPIRES.minusNanos(1), accepted(L1),
                        license(L1, EnterpriseAddOn.confirmed(FROM, EXPIRES))),
                row("exactly at expiresAt", EXPIRES, rejected(LICENSE_EXPIRED, L1),
                        license(L1, EnterpriseAddOn.confirmed(FROM, EXPIRES))),
                // an add-on window reaching past the license does not extend the license
                row("add-on outlives the license", EXPIRES.plusSeconds(60), rejected(LICENSE_EXPIRED, L1),
                        license(L1, EnterpriseAddOn.confirmed(FROM, EXPIRES.plusSeconds(86_400)))),
                // an upcoming license is the more telling fact than an expired one
                row("one expired, one upcoming", EXPIRES.plusSeconds(60), rejected(LICENSE_NOT_YET_ACTIVE, L2),
                        license(L1, window),
                        license(L2, "Pix4Dengine", EXPIRES.plusSeconds(3600), EXPIRES.plusSeconds(86_400), window)),
                // of several expired licenses, the one that expired last is cited
                row("two expired", EXPIRES.plusSeconds(86_400), rejected(LICENSE_EXPIRED, L2),
                        license(L1, window),
                        license(L2, "Pix4Dengine", ACTIVATED, EXPIRES.plusSeconds(60), window)),

                // --- add-on window [validFrom, validUntil)
                row("never confirmed", MID, rejected(NO_ENTERPRISE_SUPPORT, L1), license(L1, EnterpriseAddOn.none())),
                row("window starts later", FROM.minusSeconds(1), rejected(ENTERPRISE_SUPPORT_NOT_YET_ACTIVE, L1),
                        license(L1, window)),
                row("exactly at validFrom", FROM, accepted(L1), license(L1, window)),
                row("a nanosecond before validUntil", UNTIL.minusNanos(1), accepted(L1), license(L1, window)),
                row("exactly at validUntil", UNTIL, rejected(ENTERPRISE_SUPPORT_EXPIRED, L1), license(L1, window)),

                // --- cancellation: effective from its instant, never before
                row("cancelled before submission", MID, rejected(NO_ENTERPRISE_SUPPORT, L1),
                        license(L1, EnterpriseAddOn.cancelled(FROM, UNTIL, MID.minusSeconds(1)))),
                row("cancelled exactly at submission", MID, rejected(NO_ENTERPRISE_SUPPORT, L1),
                        license(L1, EnterpriseAddOn.cancelled(FROM, UNTIL, MID))),
                row("cancelled after submission", MID, accepted(L1),
                        license(L1, EnterpriseAddOn.cancelled(FROM, UNTIL, MID.plusNanos(1)))),
                // not yet cancelled at t, so what it lacked was the window, not the add-on
                row("cancelled after submission, window over", UNTIL.plusSeconds(1),
                        rejected(ENTERPRISE_SUPPORT_EXPIRED, L1),
                        license(L1, EnterpriseAddOn.cancelled(FROM, UNTIL, UNTIL.plusSeconds(60)))),
                row("cancelled before an upcoming window", FROM.minusSeconds(1), rejected(NO_ENTERPRISE_SUPPORT, L1),
                        license(L1, EnterpriseAddOn.cancelled(FROM, UNTIL, FROM.minusSeconds(60)))),

                // --- several active licenses
                // the license with support wins over one without, in either order
                row("unsupported and supported", MID, accepted(L2),
                        license(L1, EnterpriseAddOn.none()), license(L2, window)),
                row("supported and unsupported", MID, accepted(L1),
                        license(L1, window), license(L2, EnterpriseAddOn.none())),
                // of two supported licenses, the one whose support lasts longer
                row("two supported", MID, accepted(L2),
                        license(L1, window), license(L2, EnterpriseAddOn.confirmed(FROM, EXPIRES))),
                // an upcoming window is more telling than an ended one, which beats none
                row("window ended and window upcoming", MID, rejected(ENTERPRISE_SUPPORT_NOT_YET_ACTIVE, L2),
                        license(L1, EnterpriseAddOn.confirmed(ACTIVATED, MID)),
                        license(L2, EnterpriseAddOn.confirmed(MID.plusSeconds(1), UNTIL))),
                row("no add-on and window ended", MID, rejected(ENTERPRISE_SUPPORT_EXPIRED, L2),
                        license(L1, EnterpriseAddOn.none()),
                        license(L2, EnterpriseAddOn.confirmed(ACTIVATED, MID))),
                row("no add-on and cancelled", MID, rejected(NO_ENTERPRISE_SUPPORT, L2),
                        license(L1, EnterpriseAddOn.none()),
                        license(L2, EnterpriseAddOn.cancelled(FROM, UNTIL, FROM))));
    }

    @ParameterizedTest(name = "[{index}] {0} -> {2}")
    @MethodSource("cases")
    void decidesAtTheSubmissionInstant(String behaviour, Instant submittedAt, Expected expected,
                                       List<LicenseTerms> licenses) {
        Decision decision = POLICY.decide(licenses, submittedAt);

        assertThat(outcome(decision)).as(behaviour).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("cases")
    void orderOfTheLicensesDoesNotChangeTheDecision(String behaviour, Instant submittedAt, Expected expected,
                                                    List<LicenseTerms> licenses) {
        List<LicenseTerms> reversed = new ArrayList<>(licenses);
        Collections.reverse(reversed);
        List<LicenseTerms> shuffled = new ArrayList<>(licenses);
        Collections.shuffle(shuffled, new Random(42));

        assertThat(outcome(POLICY.decide(reversed, submittedAt))).as(behaviour).isEqualTo(expected);
        assertThat(outcome(POLICY.decide(shuffled, submittedAt))).as(behaviour).isEqualTo(expected);
    }

    @Test
    void theAddOnIsReadAsItStoodAtTheSubmissionThroughCancellationsAndReconfirmations() {
        // confirmed on the 2nd, cancelled on the 12th, confirmed again on the 20th (same window)
        Instant confirmed = Instant.parse("2026-03-02T00:00:00Z");
        Instant cancelled = Instant.parse("2026-03-12T00:00:00Z");
        Instant reconfirmed = Instant.parse("2026-03-20T00:00:00Z");
        LicenseTerms license = new LicenseTerms(L1, "Pix4Dengine", "CH", ACTIVATED, EXPIRES, List.of(
                new SupportGrant(FROM, UNTIL, reconfirmed, null),
                new SupportGrant(FROM, UNTIL, confirmed, cancelled)));

        assertThat(POLICY.decide(List.of(license), MID)).isInstanceOf(Decision.Accepted.class);
        assertThat(POLICY.decide(List.of(license), Instant.parse("2026-03-15T00:00:00Z")))
                .isInstanceOfSatisfying(Decision.Rejected.class, rejected -> {
                    assertThat(rejected.reason()).isEqualTo(RejectionReason.NO_ENTERPRISE_SUPPORT);
                    assertThat(rejected.detail()).contains("was cancelled at " + cancelled);
                });
        assertThat(POLICY.decide(List.of(license), Instant.parse("2026-03-21T00:00:00Z")))
                .isInstanceOf(Decision.Accepted.class);
        // before the first confirmation the license had no add-on at all
        assertThat(license.addOnAt(confirmed.minusSeconds(1)).status()).isEqualTo(EnterpriseSupportStatus.NONE);
    }

    @Test
    void expiredLicenseIsRejectedWithLicenseExpired() {
        Decision decision = POLICY.decide(List.of(license(L1, EnterpriseAddOn.confirmed(FROM, EXPIRES))),
                EXPIRES.plusSeconds(1));

        assertThat(decision).isInstanceOf(Decision.Rejected.class);
        Decision.Rejected rejected = (Decision.Rejected) decision;
        assertThat(rejected.reason()).isEqualTo(LICENSE_EXPIRED);
        assertThat(rejected.detail())
                .isEqualTo("The Pix4Dengine license expired at 2026-04-01T00:00:00Z, before the request was "
                        + "submitted at 2026-04-01T00:00:01Z.");
    }

    @Test
    void cancellationAfterTheSubmissionDoesNotAffectIt() {
        LicenseTerms cancelledLater = license(L1, EnterpriseAddOn.cancelled(FROM, UNTIL, MID));

        assertThat(POLICY.decide(List.of(cancelledLater), MID.minusSeconds(1))).isInstanceOf(Decision.Accepted.class);
        assertThat(POLICY.decide(List.of(cancelledLater), MID)).isInstanceOf(Decision.Rejected.class);
    }

    @Test
    void rejectionDetailNamesWhatWasMissingAndWhen() {
        assertThat(detail(List.of(), MID)).isEqualTo("No license is registered for the license e-mail.");
        assertThat(detail(List.of(license(L1, "Pix4Dmapper", EnterpriseAddOn.none()),
                license(L2, "Pix4Dcloud", EnterpriseAddOn.none())), MID))
                .isEqualTo("The license e-mail holds licenses for Pix4Dcloud, Pix4Dmapper but none for Pix4Dengine,"
                        + " the product Enterprise support covers.");
        assertThat(detail(List.of(license(L1, EnterpriseAddOn.none())), MID))
                .isEqualTo("The Pix4Dengine license has no confirmed Enterprise support add-on.");
        assertThat(detail(List.of(license(L1, EnterpriseAddOn.cancelled(FROM, UNTIL, FROM))), MID))
                .contains("was cancelled at 2026-03-05T00:00:00Z", "submitted at 2026-03-10T12:00:00Z");
        assertThat(detail(List.of(license(L1, EnterpriseAddOn.confirmed(FROM, UNTIL))), ACTIVATED))
                .contains("starts at 2026-03-05T00:00:00Z");
        assertThat(detail(List.of(license(L1, EnterpriseAddOn.confirmed(FROM, UNTIL))), UNTIL))
                .contains("ended at 2026-03-25T00:00:00Z");
        assertThat(detail(List.of(license(L1, EnterpriseAddOn.confirmed(FROM, UNTIL))), ACTIVATED.minusSeconds(1)))
                .contains("becomes active at 2026-03-01T00:00:00Z");
    }

    @Test
    void supportedProductComesFromConfigurationAndMustNotBeBlank() {
        LicenseTerms mapper = license(L1, "Pix4Dmapper", EnterpriseAddOn.confirmed(FROM, UNTIL));

        assertThat(EligibilityPolicy.forProduct("pix4dmapper").decide(List.of(mapper), MID))
                .isInstanceOf(Decision.Accepted.class);
        assertThatThrownBy(() -> EligibilityPolicy.forProduct(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void inconsistentTermsAreRefused() {
        assertThatThrownBy(() -> license(L1, "Pix4Dengine", EXPIRES, ACTIVATED, EnterpriseAddOn.none()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EnterpriseAddOn.confirmed(UNTIL, FROM)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EnterpriseAddOn.confirmed(FROM, FROM)).isInstanceOf(IllegalArgumentException.class);
    }

    private static Arguments row(String behaviour, Instant submittedAt, Expected expected, LicenseTerms... licenses) {
        return Arguments.of(behaviour, submittedAt, expected, List.of(licenses));
    }

    private static Expected accepted(UUID license) {
        return Expected.accepted(license);
    }

    private static Expected rejected(RejectionReason reason, UUID license) {
        return Expected.rejected(reason, license);
    }

    /** A Pix4Dengine license active for the month of March 2026. */
    private static LicenseTerms license(UUID id, EnterpriseAddOn addOn) {
        return license(id, "Pix4Dengine", addOn);
    }

    private static LicenseTerms license(UUID id, String product, EnterpriseAddOn addOn) {
        return license(id, product, ACTIVATED, EXPIRES, addOn);
    }

    private static LicenseTerms license(UUID id, String product, Instant activatedAt, Instant expiresAt,
                                        EnterpriseAddOn addOn) {
        return new LicenseTerms(id, product, "CH", activatedAt, expiresAt, addOn);
    }

    private static Expected outcome(Decision decision) {
        UUID license = decision.license().map(LicenseTerms::id).orElse(null);
        return decision instanceof Decision.Rejected rejected
                ? Expected.rejected(rejected.reason(), license) : Expected.accepted(license);
    }

    private static String detail(List<LicenseTerms> licenses, Instant submittedAt) {
        return ((Decision.Rejected) POLICY.decide(licenses, submittedAt)).detail();
    }
}
