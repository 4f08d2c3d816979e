package io.slaplatform.intake.service;

import io.slaplatform.intake.domain.FormBackendApiKey;
import io.slaplatform.intake.security.ApiKeyFormat;
import io.slaplatform.runtime.log.Pii;
import io.slaplatform.runtime.rest.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Form backends' API keys: issue, list, revoke, verify. A backend may hold several active keys at once, so a key
 * is rotated by issuing the new one, switching the backend over and revoking the old one. There is no cache:
 * every post looks its key up by primary key, so a revocation takes effect on the next request, on every instance.
 */
@ApplicationScoped
public class ApiKeyService {

    /** Active keys a backend may hold at once: enough to rotate, few enough to keep track of. */
    public static final int MAX_ACTIVE_KEYS = 5;

    private static final Logger LOG = Logger.getLogger(ApiKeyService.class);

    private final EntityManager em;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    ApiKeyService(EntityManager em, Clock clock) {
        this.em = em;
        this.clock = clock;
    }

    /** A key just issued: its row, and the full key, which is never shown again. */
    public record Issued(FormBackendApiKey key, String apiKey) {
    }

    /**
     * Issues a key for {@code backendId}.
     *
     * @throws ProblemException 409 when the backend already holds {@value #MAX_ACTIVE_KEYS} active keys
     */
    @Transactional
    public Issued issue(String backendId, String label, Integer rateLimitPerMinute, String createdBy) {
        // Serialises issuing per backend, so two concurrent posts cannot both pass the cap.
        em.createNativeQuery("SELECT pg_advisory_xact_lock(hashtext('api_key:' || ?1))")
                .setParameter(1, backendId).getSingleResult();
        long active = em.createQuery("SELECT count(k) FROM FormBackendApiKey k "
                        + "WHERE k.backendId = :backend AND k.revokedAt IS NULL", Long.class)
                .setParameter("backend", backendId).getSingleResult();
        if (active >= MAX_ACTIVE_KEYS) {
            throw ProblemException.conflict("too-many-api-keys", "Too many API keys", "Backend " + backendId
                    + " already has " + MAX_ACTIVE_KEYS + " active API keys; revoke one first");
        }
        ApiKeyFormat.NewKey generated = ApiKeyFormat.generate(random);
        FormBackendApiKey key = new FormBackendApiKey();
        key.keyId = generated.keyId();
        key.backendId = backendId;
        key.secretSha256 = generated.secretSha256();
        key.label = label;
        key.rateLimitPerMinute = rateLimitPerMinute;
        key.createdAt = clock.instant();
        key.createdBy = createdBy;
        em.persist(key);
        LOG.infof("API key %s issued for form backend %s by %s", key.keyId, backendId,
                Pii.maskEmails(createdBy));
        return new Issued(key, generated.apiKey());
    }

    /** The backend's keys, active and revoked, oldest first. */
    @Transactional
    public List<FormBackendApiKey> list(String backendId) {
        return em.createQuery("FROM FormBackendApiKey WHERE backendId = :backend ORDER BY createdAt, keyId",
                        FormBackendApiKey.class)
                .setParameter("backend", backendId).getResultList();
    }

    /**
     * Revokes a key; revoking a revoked key changes nothing.
     *
     * @throws ProblemException 404 when the backend has no such key
     */
    @Transactional
    public void revoke(String backendId, String keyId, String revokedBy) {
        FormBackendApiKey key = em.find(FormBackendApiKey.class, keyId);
        if (key == null || !key.backendId.equals(backendId)) {
            throw ProblemException.notFound("API key", keyId);
        }
        if (key.isActive()) {
            key.revokedAt = clock.instant();
            key.revokedBy = revokedBy;
            LOG.infof("API key %s of form backend %s revoked by %s", keyId, backendId,
                    Pii.maskEmails(revokedBy));
        }
    }

    /** The active key whose secret was presented; empty for an unknown, revoked or wrong one. */
    @Transactional
    public Optional<FormBackendApiKey> verify(ApiKeyFormat.Presented presented) {
        FormBackendApiKey key = em.find(FormBackendApiKey.class, presented.keyId());
        if (key == null) {
            LOG.debugf("API key %s refused: unknown", presented.keyId());
            return Optional.empty();
        }
        if (!ApiKeyFormat.matches(presented, key.secretSha256)) {
            LOG.debugf("API key %s of form backend %s refused: wrong secret", key.keyId, key.backendId);
            return Optional.empty();
        }
        if (!key.isActive()) {
            LOG.debugf("API key %s of form backend %s refused: revoked at %s", key.keyId, key.backendId,
                    key.revokedAt);
            return Optional.empty();
        }
        return Optional.of(key);
    }
}
