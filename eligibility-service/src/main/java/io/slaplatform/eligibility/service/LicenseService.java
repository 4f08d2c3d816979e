package io.slaplatform.eligibility.service;

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

    LicenseService(EntityManager em, Outbox outbox, Clock clock) {
        this.em = em;
        this.outbox = outbox;
        this.clock = clock;
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
        return LicenseView.of(license);
    }

    /** @throws ProblemException 404 for an unknown id */
    @Transactional
    public LicenseView find(UUID id) {
        return LicenseView.of(load(id, LockModeType.NONE));
    }

    /** The licenses registered for {@code email}, ignoring case, oldest activation first. */
    @Transactional
    public List<LicenseView> findByEmail(String email) {
        return em.createQuery("FROM License WHERE emailNormalized = :email ORDER BY activatedAt, id", License.class)
                .setParameter("email", License.normalize(email))
                .getResultStream().map(LicenseView::of).toList();
    }

    /**
     * Confirms the add-on for a window and emits {@code EnterpriseSupportActivated}. Confirming the window an
     * already confirmed add-on has changes nothing and emits nothing, so a retried call is harmless; another
     * window, or a cancelled add-on, is confirmed anew.
     *
     * @throws ProblemException 404 for an unknown license, 400 naming {@code validUntil} for an empty window
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
            return LicenseView.of(license);
        }
        Instant now = clock.instant();
        license.supportStatus = EnterpriseSupportStatus.CONFIRMED;
        license.supportValidFrom = validFrom;
        license.supportValidUntil = validUntil;
        license.supportConfirmedAt = now;
        license.supportCancelledAt = null;
        outbox.record(new EnterpriseSupportActivated(license.id, license.email, license.product, license.country,
                validFrom, validUntil, now));
        LOG.infof("Enterprise support of license %s confirmed for %s to %s", id, validFrom, validUntil);
        return LicenseView.of(license);
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
        outbox.record(new EnterpriseSupportCancelled(license.id, license.email, now));
        LOG.infof("Enterprise support of license %s cancelled", id);
        return LicenseView.of(license);
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
