package io.slaplatform.eligibility.service;

import io.slaplatform.eligibility.config.EligibilityConfig;
import io.slaplatform.eligibility.domain.Decision;
import io.slaplatform.eligibility.domain.DecisionOutcome;
import io.slaplatform.eligibility.domain.EligibilityDecision;
import io.slaplatform.eligibility.domain.EligibilityPolicy;
import io.slaplatform.eligibility.domain.EnterpriseSupportGrant;
import io.slaplatform.eligibility.domain.License;
import io.slaplatform.eligibility.domain.LicenseTerms;
import io.slaplatform.events.RequestAccepted;
import io.slaplatform.events.RequestRejected;
import io.slaplatform.events.RequestSubmitted;
import io.slaplatform.runtime.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Decides submitted requests with the {@link EligibilityPolicy} and records each decision, with the
 * {@code RequestAccepted} or {@code RequestRejected} announcing it, in the caller's transaction.
 */
@ApplicationScoped
public class EligibilityService {

    private static final Logger LOG = Logger.getLogger(EligibilityService.class);

    private final EntityManager em;
    private final Outbox outbox;
    private final Clock clock;
    private final EligibilityPolicy policy;

    EligibilityService(EntityManager em, Outbox outbox, Clock clock, EligibilityConfig config) {
        this.em = em;
        this.outbox = outbox;
        this.clock = clock;
        this.policy = EligibilityPolicy.forProduct(config.supportedProduct());
    }

    /**
     * Decides a request as things stood at its submission, once per request id: a request already decided
     * (re-sent under a new {@code ce_id}, say) is left as it was.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void decide(RequestSubmitted request) {
        if (request.requestId() == null || request.submittedAt() == null) {
            // Retrying cannot mend it, and throwing would stop the channel for every later request.
            // Only ids in the log: the payload holds e-mail addresses and the customer's text.
            LOG.errorf("RequestSubmitted without requestId or submittedAt ignored (requestId %s)", request.requestId());
            return;
        }
        // Second line of idempotency, behind the consumed-event log: that one knows ce_ids, this one requests.
        // Two concurrent deliveries both passing this check collide on the primary key; the loser is retried
        // by the consumer and then finds the row.
        if (em.find(EligibilityDecision.class, request.requestId()) != null) {
            LOG.infof("Request %s was already decided; ignored", request.requestId());
            return;
        }
        List<License> registered = request.licenseEmail() == null ? List.of()
                : em.createQuery("FROM License WHERE emailNormalized = :email", License.class)
                .setParameter("email", License.normalize(request.licenseEmail())).getResultList();
        Map<UUID, List<EnterpriseSupportGrant>> grants = registered.isEmpty() ? Map.of()
                : em.createQuery("FROM EnterpriseSupportGrant WHERE licenseId IN :ids ORDER BY confirmedAt, id",
                        EnterpriseSupportGrant.class)
                .setParameter("ids", registered.stream().map(l -> l.id).toList())
                .getResultStream().collect(Collectors.groupingBy(g -> g.licenseId));
        List<LicenseTerms> licenses = registered.stream()
                .map(l -> l.terms(grants.getOrDefault(l.id, List.of()))).toList();
        Decision decision = policy.decide(licenses, request.submittedAt());
        Instant now = clock.instant();

        EligibilityDecision row = new EligibilityDecision();
        row.requestId = request.requestId();
        row.submittedAt = request.submittedAt();
        row.decidedAt = now;
        row.licenseId = decision.license().map(LicenseTerms::id).orElse(null);
        // The terms: where the customer is based, which the license records better than one submitter's form.
        row.customerCountry = decision.license().map(LicenseTerms::country).orElse(request.country());
        if (decision instanceof Decision.Rejected rejected) {
            row.outcome = DecisionOutcome.REJECTED;
            row.reason = rejected.reason();
            row.detail = rejected.detail();
            outbox.record(new RequestRejected(request.requestId(), rejected.reason(), rejected.detail(),
                    request.submittedAt(), now));
            LOG.infof("Request %s rejected: %s", request.requestId(), rejected.reason());
        } else {
            row.outcome = DecisionOutcome.ACCEPTED;
            outbox.record(new RequestAccepted(request.requestId(), row.licenseId, row.customerCountry,
                    request.submittedAt(), now));
            LOG.infof("Request %s accepted on license %s, customer country %s", request.requestId(), row.licenseId,
                    row.customerCountry);
        }
        em.persist(row);
    }
}
