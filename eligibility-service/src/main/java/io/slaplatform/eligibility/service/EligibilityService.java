package io.slaplatform.eligibility.service;

import io.slaplatform.eligibility.config.EligibilityConfig;
import io.slaplatform.eligibility.domain.Decision;
import io.slaplatform.eligibility.domain.DecisionOutcome;
import io.slaplatform.eligibility.domain.EligibilityDecision;
import io.slaplatform.eligibility.domain.EligibilityPolicy;
import io.slaplatform.eligibility.domain.EnterpriseSupportGrant;
import io.slaplatform.eligibility.domain.License;
import io.slaplatform.eligibility.domain.LicenseTerms;
import io.slaplatform.eligibility.domain.ReplyCoverage;
import io.slaplatform.events.CustomerReplied;
import io.slaplatform.events.ReplyCovered;
import io.slaplatform.events.ReplyNotCovered;
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
 * {@code RequestAccepted} or {@code RequestRejected} announcing it, in the caller's transaction. Then decides, the
 * same way, whether each customer reply of an accepted request was covered at the reply's instant
 * ({@code ReplyCovered} or {@code ReplyNotCovered}): a cycle a reply starts is guaranteed only if it was.
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
        Decision decision = policy.decide(request.licenseEmail() == null ? List.of()
                : licensesOf(License.normalize(request.licenseEmail())), request.submittedAt());
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

    /**
     * Decides whether Enterprise support covered a customer reply, once per reply id, on the licenses of the
     * request's license e-mail as they stood at the reply's instant, however late it is decided. Only replies of
     * accepted requests are decided: a rejected request has no SLA clock for a reply to restart.
     *
     * @throws IllegalStateException when the request has no decision yet: its {@code RequestSubmitted} comes
     *                               before the reply on the same partition, so it was parked; the consumer parks
     *                               this reply too, to be replayed after it
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void decideReply(CustomerReplied reply) {
        if (reply.requestId() == null || reply.replyId() == null || reply.repliedAt() == null) {
            LOG.errorf("CustomerReplied without requestId, replyId or repliedAt ignored (request %s, reply %s)",
                    reply.requestId(), reply.replyId());
            return;
        }
        if (em.find(ReplyCoverage.class, reply.replyId()) != null) {
            LOG.infof("Reply %s of request %s was already decided; ignored", reply.replyId(), reply.requestId());
            return;
        }
        EligibilityDecision request = em.find(EligibilityDecision.class, reply.requestId());
        if (request == null) {
            throw new IllegalStateException("Reply " + reply.replyId() + " of request " + reply.requestId()
                    + " came before the request's decision");
        }
        if (request.outcome != DecisionOutcome.ACCEPTED) {
            LOG.debugf("Reply %s of rejected request %s: no SLA clock to restart", reply.replyId(), reply.requestId());
            return;
        }
        // The request's license e-mail is the accepting license's (matched on it at submission).
        License accepting = em.find(License.class, request.licenseId);
        Decision decision = policy.decideReply(licensesOf(accepting.emailNormalized), reply.repliedAt());
        Instant now = clock.instant();

        ReplyCoverage row = new ReplyCoverage();
        row.replyId = reply.replyId();
        row.requestId = reply.requestId();
        row.repliedAt = reply.repliedAt();
        row.decidedAt = now;
        row.licenseId = decision.license().map(LicenseTerms::id).orElse(null);
        if (decision instanceof Decision.Rejected rejected) {
            row.covered = false;
            row.reason = rejected.reason();
            row.detail = rejected.detail();
            outbox.record(new ReplyNotCovered(reply.requestId(), reply.replyId(), rejected.reason(),
                    rejected.detail(), reply.repliedAt(), now));
            LOG.infof("Reply %s of request %s not covered: %s", reply.replyId(), reply.requestId(), rejected.reason());
        } else {
            row.covered = true;
            outbox.record(new ReplyCovered(reply.requestId(), reply.replyId(), row.licenseId, reply.repliedAt(), now));
            LOG.infof("Reply %s of request %s covered by license %s", reply.replyId(), reply.requestId(),
                    row.licenseId);
        }
        em.persist(row);
    }

    /** Every license registered for a normalised license e-mail, with its add-on history. */
    private List<LicenseTerms> licensesOf(String emailNormalized) {
        List<License> registered = em.createQuery("FROM License WHERE emailNormalized = :email", License.class)
                .setParameter("email", emailNormalized).getResultList();
        Map<UUID, List<EnterpriseSupportGrant>> grants = registered.isEmpty() ? Map.of()
                : em.createQuery("FROM EnterpriseSupportGrant WHERE licenseId IN :ids ORDER BY confirmedAt, id",
                        EnterpriseSupportGrant.class)
                .setParameter("ids", registered.stream().map(l -> l.id).toList())
                .getResultStream().collect(Collectors.groupingBy(g -> g.licenseId));
        return registered.stream().map(l -> l.terms(grants.getOrDefault(l.id, List.of()))).toList();
    }
}
