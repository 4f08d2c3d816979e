package io.slaplatform.intake.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slaplatform.events.CustomerReplied;
import io.slaplatform.events.Impact;
import io.slaplatform.events.ImpactReclassified;
import io.slaplatform.events.RequestAccepted;
import io.slaplatform.events.RequestRejected;
import io.slaplatform.events.RequestResolved;
import io.slaplatform.events.RequestSubmitted;
import io.slaplatform.events.ResponseKind;
import io.slaplatform.events.SupportResponded;
import io.slaplatform.intake.domain.Eligibility;
import io.slaplatform.intake.domain.HistoryType;
import io.slaplatform.intake.domain.RequestHistoryEntry;
import io.slaplatform.intake.domain.SupportRequest;
import io.slaplatform.intake.rest.NewCustomerReply;
import io.slaplatform.intake.rest.NewSupportRequest;
import io.slaplatform.intake.rest.NewSupportResponse;
import io.slaplatform.intake.rest.Reclassification;
import io.slaplatform.intake.rest.RequestView;
import io.slaplatform.runtime.outbox.Outbox;
import io.slaplatform.runtime.rest.Problem;
import io.slaplatform.runtime.rest.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The request lifecycle. Every state change and the event describing it are committed in one transaction
 * (the event through the {@link Outbox}); actions on one request are serialised by a row lock, so its
 * events reach the outbox, and Kafka, in the order they happened.
 */
@ApplicationScoped
public class RequestService {

    private static final Logger LOG = Logger.getLogger(RequestService.class);

    private final EntityManager em;
    private final Outbox outbox;
    private final Clock clock;
    private final ObjectMapper json;

    RequestService(EntityManager em, Outbox outbox, Clock clock, ObjectMapper json) {
        this.em = em;
        this.outbox = outbox;
        this.clock = clock;
        this.json = json;
    }

    /** The outcome of a submission: the request, and whether an earlier post with the same key created it. */
    public record Submission(RequestView request, boolean replayed) {
    }

    /**
     * Records a new request and its {@code RequestSubmitted} event. With an idempotency key, a retry of the same
     * body by the same form backend returns exactly the first answer (the request as it was submitted, never its
     * later state), without a second request or event. Keys are scoped to the form backend: another backend's
     * key of the same spelling is another key.
     *
     * @param submittedBy the backend id of the form backend that posted it
     * @throws ProblemException 422 when this backend used the key before with a different body
     */
    @Transactional
    public Submission submit(NewSupportRequest body, String idempotencyKey, String submittedBy) {
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        if (idempotencyKey != null) {
            String fingerprint = fingerprint(body);
            int claimed = em.createNativeQuery("""
                            INSERT INTO idempotency_key (submitted_by, idempotency_key, fingerprint, request_id, created_at)
                            VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (submitted_by, idempotency_key) DO NOTHING""")
                    .setParameter(1, submittedBy).setParameter(2, idempotencyKey).setParameter(3, fingerprint)
                    .setParameter(4, id).setParameter(5, now)
                    .executeUpdate();
            if (claimed == 0) {
                // A concurrent first post has committed by now: ON CONFLICT waited for it.
                Object[] first = (Object[]) em.createNativeQuery("""
                                SELECT fingerprint, request_id FROM idempotency_key
                                WHERE submitted_by = ?1 AND idempotency_key = ?2""")
                        .setParameter(1, submittedBy).setParameter(2, idempotencyKey)
                        .getSingleResult();
                if (!fingerprint.equals(first[0])) {
                    throw new ProblemException(Problem.of("idempotency-key-reused", "Idempotency key reused", 422,
                            "This Idempotency-Key was already used for a different request body"));
                }
                return new Submission(firstAnswer(load((UUID) first[1], LockModeType.NONE)), true);
            }
        }
        SupportRequest request = new SupportRequest();
        request.id = id;
        request.licenseEmail = body.licenseEmail();
        request.contactEmail = body.contactEmail();
        request.impact = body.impact();
        request.subject = body.subject();
        request.description = body.description();
        request.country = body.country();
        request.locale = body.locale();
        request.submittedAt = now;
        request.submittedBy = submittedBy;
        em.persist(request);
        em.persist(RequestHistoryEntry.of(id, HistoryType.SUBMITTED, now));
        outbox.record(new RequestSubmitted(id, request.licenseEmail, request.contactEmail, request.impact,
                request.subject, request.description, request.country, request.locale, now));
        LOG.infof("Request %s submitted by form backend %s, impact %s, country %s", id, submittedBy, request.impact,
                request.country);
        return new Submission(RequestView.asSubmitted(request, request.impact), false);
    }

    /** The request with its history. */
    @Transactional
    public RequestView find(UUID id) {
        return view(load(id, LockModeType.NONE));
    }

    /**
     * Records a support response: {@code SupportResponded}, and for a resolution also {@code RequestResolved}.
     *
     * @throws ProblemException 404 for an unknown request, 409 for a resolved one
     */
    @Transactional
    public RequestView respond(UUID id, NewSupportResponse body) {
        SupportRequest request = loadOpen(id);
        Instant now = clock.instant();
        UUID responseId = UUID.randomUUID();
        RequestHistoryEntry entry = RequestHistoryEntry.of(id, HistoryType.SUPPORT_RESPONDED, now);
        entry.entryId = responseId;
        entry.responseKind = body.kind();
        entry.text = body.text();
        em.persist(entry);
        outbox.record(new SupportResponded(id, responseId, body.kind(), now));
        if (body.kind() == ResponseKind.RESOLUTION) {
            request.resolvedAt = now;
            em.persist(RequestHistoryEntry.of(id, HistoryType.RESOLVED, now));
            outbox.record(new RequestResolved(id, now));
        }
        return view(request);
    }

    /** Records a customer reply: {@code CustomerReplied}. */
    @Transactional
    public RequestView customerReplied(UUID id, NewCustomerReply body) {
        SupportRequest request = loadOpen(id);
        Instant now = clock.instant();
        UUID replyId = UUID.randomUUID();
        RequestHistoryEntry entry = RequestHistoryEntry.of(id, HistoryType.CUSTOMER_REPLIED, now);
        entry.entryId = replyId;
        entry.text = body.text();
        em.persist(entry);
        outbox.record(new CustomerReplied(id, replyId, now));
        return view(request);
    }

    /** Changes the impact: {@code ImpactReclassified}. Setting the impact the request already has changes nothing. */
    @Transactional
    public RequestView reclassify(UUID id, Reclassification body) {
        SupportRequest request = loadOpen(id);
        if (request.impact == body.impact()) {
            return view(request);
        }
        Instant now = clock.instant();
        RequestHistoryEntry entry = RequestHistoryEntry.of(id, HistoryType.IMPACT_RECLASSIFIED, now);
        entry.previousImpact = request.impact;
        entry.newImpact = body.impact();
        entry.reason = body.reason();
        em.persist(entry);
        outbox.record(new ImpactReclassified(id, request.impact, body.impact(), body.reason(), now));
        request.impact = body.impact();
        return view(request);
    }

    /** Reflects eligibility-service's decision; the first decision for a request stands. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void accepted(RequestAccepted decision) {
        SupportRequest request = forDecision(decision.requestId());
        if (request != null) {
            request.eligibility = Eligibility.ACCEPTED;
            request.decidedAt = decision.decidedAt();
            em.persist(RequestHistoryEntry.of(request.id, HistoryType.ACCEPTED, decision.decidedAt()));
        }
    }

    /** Reflects a rejection; the first decision for a request stands. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void rejected(RequestRejected decision) {
        SupportRequest request = forDecision(decision.requestId());
        if (request != null) {
            request.eligibility = Eligibility.REJECTED;
            request.rejectionReason = decision.reason();
            request.rejectionDetail = decision.detail();
            request.decidedAt = decision.decidedAt();
            RequestHistoryEntry entry = RequestHistoryEntry.of(request.id, HistoryType.REJECTED, decision.decidedAt());
            entry.reason = decision.reason().name();
            em.persist(entry);
        }
    }

    private SupportRequest forDecision(UUID requestId) {
        SupportRequest request = em.find(SupportRequest.class, requestId, LockModeType.PESSIMISTIC_WRITE);
        if (request == null) {
            LOG.warnf("Decision for unknown request %s ignored", requestId);
            return null;
        }
        if (request.eligibility != Eligibility.PENDING) {
            LOG.warnf("Request %s was already %s; later decision ignored", requestId, request.eligibility);
            return null;
        }
        return request;
    }

    private SupportRequest loadOpen(UUID id) {
        SupportRequest request = load(id, LockModeType.PESSIMISTIC_WRITE);
        if (request.isResolved()) {
            throw ProblemException.conflict("request-resolved", "Request resolved",
                    "Request " + id + " was resolved at " + request.resolvedAt + "; it takes no further action");
        }
        return request;
    }

    private SupportRequest load(UUID id, LockModeType lock) {
        SupportRequest request = em.find(SupportRequest.class, id, lock);
        if (request == null) {
            throw ProblemException.notFound("Request", id);
        }
        return request;
    }

    private RequestView view(SupportRequest request) {
        List<RequestHistoryEntry> history = em.createQuery(
                        "FROM RequestHistoryEntry WHERE requestId = :id ORDER BY id", RequestHistoryEntry.class)
                .setParameter("id", request.id)
                .getResultList();
        return RequestView.of(request, history);
    }

    /** What {@link #submit} answered when it created the request: the impact it had then, and no later history. */
    private RequestView firstAnswer(SupportRequest request) {
        List<Impact> reclassifiedFrom = em.createQuery("SELECT previousImpact FROM RequestHistoryEntry "
                        + "WHERE requestId = :id AND type = :type ORDER BY id", Impact.class)
                .setParameter("id", request.id).setParameter("type", HistoryType.IMPACT_RECLASSIFIED)
                .setMaxResults(1)
                .getResultList();
        return RequestView.asSubmitted(request, reclassifiedFrom.isEmpty() ? request.impact : reclassifiedFrom.get(0));
    }

    private String fingerprint(NewSupportRequest body) {
        try {
            byte[] canonical = json.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("Cannot fingerprint the request body", e);
        }
    }
}
