-- The license registry and the eligibility decisions, owned by eligibility-service.

CREATE TABLE license (
    id                   UUID PRIMARY KEY,
    email                VARCHAR(254) NOT NULL,
    -- lower-cased (root locale) e-mail that requests are matched on
    email_normalized     VARCHAR(254) NOT NULL,
    product              VARCHAR(100) NOT NULL,
    country              VARCHAR(2),
    activated_at         TIMESTAMPTZ  NOT NULL,
    expires_at           TIMESTAMPTZ  NOT NULL,
    support_status       VARCHAR(16)  NOT NULL DEFAULT 'NONE',
    support_valid_from   TIMESTAMPTZ,
    support_valid_until  TIMESTAMPTZ,
    support_confirmed_at TIMESTAMPTZ,
    support_cancelled_at TIMESTAMPTZ,
    CONSTRAINT license_validity CHECK (expires_at > activated_at),
    CONSTRAINT license_support_status CHECK (support_status IN ('NONE', 'CONFIRMED', 'CANCELLED')),
    -- an add-on that was ever confirmed has a window and a confirmation instant; one never confirmed has none
    CONSTRAINT license_support_window CHECK (
        (support_status = 'NONE') = (support_valid_from IS NULL AND support_valid_until IS NULL
                                     AND support_confirmed_at IS NULL)
        AND (support_valid_until IS NULL OR support_valid_until > support_valid_from)),
    CONSTRAINT license_support_cancelled CHECK ((support_status = 'CANCELLED') = (support_cancelled_at IS NOT NULL))
);
CREATE INDEX license_email ON license (email_normalized);

-- One row per decided request: a request re-sent under a new ce_id finds its row and is not decided again.
CREATE TABLE eligibility_decision (
    request_id       UUID PRIMARY KEY,
    outcome          VARCHAR(16)   NOT NULL,
    reason           VARCHAR(64),
    detail           VARCHAR(1000),
    license_id       UUID REFERENCES license (id),
    customer_country VARCHAR(2),
    submitted_at     TIMESTAMPTZ   NOT NULL,
    decided_at       TIMESTAMPTZ   NOT NULL,
    CONSTRAINT eligibility_decision_outcome CHECK (outcome IN ('ACCEPTED', 'REJECTED')),
    CONSTRAINT eligibility_decision_reason CHECK ((outcome = 'REJECTED') = (reason IS NOT NULL))
);
