package io.slaplatform.eligibility.service;

import io.slaplatform.eligibility.config.EligibilityConfig;
import io.slaplatform.eligibility.domain.EligibilityPolicy;
import io.slaplatform.eligibility.domain.EnterpriseSupportGrant;
import io.slaplatform.eligibility.domain.EnterpriseSupportStatus;
import io.slaplatform.eligibility.domain.License;
import io.slaplatform.eligibility.rest.EnterpriseSupportWindow;
import io.slaplatform.eligibility.rest.LicenseView;
import io.slaplatform.eligibility.rest.NewLicense;
import io.slaplatform.events.EnterpriseSupportActivated;
import io.slaplatform.events.EnterpriseSupportCancelled;
import io.slaplatform.runtime.outbox.Outbox;
import io.slaplatform.runtime.rest.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The license registry. Add-on changes and the events announcing them commit in one transaction (through the
 * {@link Outbox}); changes to one license are serialised by a row lock, so its events leave in order.
 */
@ApplicationScoped
public class LicenseService {

    private static final Logger LOG = Logger.getLogger(LicenseService.class);

    private final EntityManager em;
    private final Outbox outbox;
    private final Clock clock;
    private final String supportedProduct;

    LicenseService(EntityManager em, Outbox outbox, Clock clock, EligibilityConfig config) {
        this.em = em;
        this.outbox = outbox;
        this.clock = clock;
        this.supportedProduct = EligibilityPolicy.forProduct(config.supportedProduct()).supportedProduct();
    }

    /**
     * Registers a license, without an add-on.
     *
     * @throws ProblemException 400 naming {@code expiresAt} when it is not after {@code activatedAt}
     */
    @Transactional
    public LicenseView register(NewLicense body) {
        Instant activatedAt = stored(body.activatedAt());
        Instant expiresAt = stored(body.expiresAt());
        if (!expiresAt.isAfter(activatedAt)) {
            throw ProblemException.invalidField("expiresAt", "must be after activatedAt");
        }
        License license = new License();
        license.id = UUID.randomUUID();
        license.email = body.email();
        license.emailNormalized = License.normalize(body.email());
        license.product = body.product();
        license.country = body.country();
        license.activatedAt = activatedAt;
        license.expiresAt = expiresAt;
        em.persist(license);
        LOG.infof("License %s registered for %s, %s to %s", license.id, license.product, activatedAt, expiresAt);
        return LicenseView.of(license, List.of());
    }

    /** @throws ProblemException 404 for an unknown id */
    @Transactional
    public LicenseView find(UUID id) {
        return view(load(id, LockModeType.NONE));
    }

    /** The licenses registered for {@code email}, ignoring case, oldest activation first. */
    @Transactional
    public List<LicenseView> findByEmail(String email) {
        return em.createQuery("FROM License WHERE emailNormalized = :email ORDER BY activatedAt, id", License.class)
                .setParameter("email", License.normalize(email))
                .getResultStream().map(this::view).toList();
    }

    /**
     * Records the license holder's country, which picks the SLA calendar of the license's requests; an add-on can
     * only be confirmed on a license that has one. Requests decided before keep the country they were decided with.
     *
     * @throws ProblemException 404 for an unknown license
     */
    @Transactional
    public LicenseView recordCountry(UUID id, String country) {
        License license = load(id, LockModeType.PESSIMISTIC_WRITE);
        if (!country.equals(license.country)) {
            LOG.infof("License %s: holder's country %s (was %s)", id, country, license.country);
            license.country = country;
        }
        return view(license);
    }

    /**
     * Confirms the add-on for a window and emits {@code EnterpriseSupportActivated}. Confirming the window an
     * already confirmed add-on has changes nothing and emits nothing, so a retried call is harmless; another
     * window, or a cancelled add-on, is confirmed anew: a new grant from now on, the standing one ending as
     * replaced. Requests submitted before now keep the add-on they had.
     *
     * @throws ProblemException 404 for an unknown license, 400 naming {@code validUntil} for an empty window, 409
     *                          for a license that can never be eligible with it ({@link #refusal})
     */
    @Transactional
    public LicenseView confirmEnterpriseSupport(UUID id, EnterpriseSupportWindow window) {
        Instant validFrom = stored(window.validFrom());
        Instant validUntil = stored(window.validUntil());
        if (!validUntil.isAfter(validFrom)) {
            throw ProblemException.invalidField("validUntil", "must be after validFrom");
        }
        License license = load(id, LockModeType.PESSIMISTIC_WRITE);
        if (license.supportStatus == EnterpriseSupportStatus.CONFIRMED && validFrom.equals(license.supportValidFrom)
                && validUntil.equals(license.supportValidUntil)) {
            return view(license);
        }
        Instant now = clock.instant();
        refusal(license, validFrom, validUntil, now).ifPresent(problem -> {
            throw problem;
        });
        standingGrant(id).ifPresent(standing -> {
            standing.endedAt = now;
            standing.endedBy = EnterpriseSupportGrant.End.REPLACED;
        });
        EnterpriseSupportGrant grant = new EnterpriseSupportGrant();
        grant.licenseId = id;
        grant.validFrom = validFrom;
        grant.validUntil = validUntil;
        grant.confirmedAt = now;
        em.persist(grant);
        license.supportStatus = EnterpriseSupportStatus.CONFIRMED;
        license.supportValidFrom = validFrom;
        license.supportValidUntil = validUntil;
        license.supportConfirmedAt = now;
        license.supportCancelledAt = null;
        outbox.record(new EnterpriseSupportActivated(license.id, license.email, license.product, license.country,
                validFrom, validUntil, now));
        LOG.infof("Enterprise support of license %s confirmed for %s to %s", id, validFrom, validUntil);
        return view(license);
    }

    /**
     * Why the add-on cannot be confirmed on this license for this window, if it cannot: no request could ever be
     * accepted with it (another product, a license that has expired, a window reaching outside the license's
     * validity), or its SLA would run on a calendar picked without knowing where the customer is (no country).
     * The customer would get the welcome mail with the phone number, then see every request rejected.
     */
    private Optional<ProblemException> refusal(License license, Instant validFrom, Instant validUntil, Instant now) {
        String which = "License " + license.id;
        if (!license.product.strip().equalsIgnoreCase(supportedProduct)) {
            return Optional.of(ProblemException.conflict("unsupported-product", "Product not covered by Enterprise support",
                    which + " is for " + license.product + "; Enterprise support covers " + supportedProduct + " only."));
        }
        if (!license.expiresAt.isAfter(now)) {
            return Optional.of(ProblemException.conflict("license-expired", "License expired",
                    which + " expired at " + license.expiresAt + "; renew it (register the new license) first."));
        }
        if (validFrom.isBefore(license.activatedAt) || validUntil.isAfter(license.expiresAt)) {
            return Optional.of(ProblemException.conflict("window-outside-license", "Add-on window outside the license",
                    "The window [" + validFrom + ", " + validUntil + ") reaches outside the validity of " + which
                            + ", [" + license.activatedAt + ", " + license.expiresAt + "): the add-on covers the "
                            + "license's own time only."));
        }
        if (license.country == null) {
            return Optional.of(ProblemException.conflict("license-without-country", "License without a country",
                    which + " records no holder's country, which picks the business calendar (hours, holidays) "
                            + "the SLA runs on; record it first (PUT /licenses/" + license.id + "/country)."));
        }
        return Optional.empty();
    }

    /** The license's grant that stands (not cancelled or replaced), if any. */
    private Optional<EnterpriseSupportGrant> standingGrant(UUID licenseId) {
        return em.createQuery("FROM EnterpriseSupportGrant WHERE licenseId = :id AND endedAt IS NULL",
                        EnterpriseSupportGrant.class)
                .setParameter("id", licenseId).getResultStream().findFirst();
    }

    private LicenseView view(License license) {
        return LicenseView.of(license, em.createQuery(
                        "FROM EnterpriseSupportGrant WHERE licenseId = :id ORDER BY confirmedAt, id",
                        EnterpriseSupportGrant.class)
                .setParameter("id", license.id).getResultList());
    }

    /**
     * Cancels the add-on from now on and emits {@code EnterpriseSupportCancelled}. Requests submitted before
     * now keep the add-on they had.
     *
     * @throws ProblemException 404 for an unknown license, 409 when no add-on is confirmed
     */
    @Transactional
    public LicenseView cancelEnterpriseSupport(UUID id) {
        License license = load(id, LockModeType.PESSIMISTIC_WRITE);
        if (license.supportStatus != EnterpriseSupportStatus.CONFIRMED) {
            throw ProblemException.conflict("no-enterprise-support", "No Enterprise support",
                    "License " + id + " has no confirmed Enterprise support add-on to cancel (it is "
                            + license.supportStatus + ")");
        }
        Instant now = clock.instant();
        license.supportStatus = EnterpriseSupportStatus.CANCELLED;
        license.supportCancelledAt = now;
        standingGrant(id).ifPresent(standing -> {
            standing.endedAt = now;
            standing.endedBy = EnterpriseSupportGrant.End.CANCELLED;
        });
        outbox.record(new EnterpriseSupportCancelled(license.id, license.email, now));
        LOG.infof("Enterprise support of license %s cancelled", id);
        return view(license);
    }

    private License load(UUID id, LockModeType lock) {
        License license = em.find(License.class, id, lock);
        if (license == null) {
            throw ProblemException.notFound("License", id);
        }
        return license;
    }

    /**
     * The instant as PostgreSQL will keep it (microseconds), so that what was checked, compared and emitted is
     * what is stored, and re-sending the same window compares equal.
     */
    private static Instant stored(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }
}
