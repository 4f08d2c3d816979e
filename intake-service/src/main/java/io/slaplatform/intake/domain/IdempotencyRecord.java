package io.slaplatform.intake.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** The request a given {@code Idempotency-Key} created, and a fingerprint of the body that created it. */
@Entity
@Table(name = "idempotency_key")
public class IdempotencyRecord {

    @Id
    @Column(name = "idempotency_key")
    public String key;

    /** SHA-256 (hex) of the submitted body. */
    @Column(nullable = false)
    public String fingerprint;

    @Column(name = "request_id", nullable = false)
    public UUID requestId;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
