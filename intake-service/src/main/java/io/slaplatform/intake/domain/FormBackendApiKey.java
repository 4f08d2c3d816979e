package io.slaplatform.intake.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * An API key of a customer's web form backend. The key's secret is not kept, only its SHA-256; a revoked key
 * keeps its row, so the list shows who revoked it and when.
 */
@Entity
@Table(name = "api_key")
public class FormBackendApiKey {

    /** The public part of the key: 12 lowercase base32 characters, shown in lists and logs. */
    @Id
    @Column(name = "key_id")
    public String keyId;

    @Column(name = "backend_id", nullable = false)
    public String backendId;

    @Column(name = "secret_sha256", nullable = false)
    public byte[] secretSha256;

    public String label;

    /** Overrides the service's default rate for this key; null means the default. */
    @Column(name = "rate_limit_per_minute")
    public Integer rateLimitPerMinute;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "created_by", nullable = false)
    public String createdBy;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    @Column(name = "revoked_by")
    public String revokedBy;

    public boolean isActive() {
        return revokedAt == null;
    }
}
