package io.slaplatform.events;

/** Why eligibility-service rejected a request. Evaluated at the request's submission time. */
public enum RejectionReason {
    /** No license is registered for the license e-mail. */
    UNKNOWN_LICENSE_EMAIL,
    /** The e-mail holds licenses, but none for the supported product. */
    UNSUPPORTED_PRODUCT,
    /** The license's activation instant is after the submission. */
    LICENSE_NOT_YET_ACTIVE,
    /** The license had expired at submission. */
    LICENSE_EXPIRED,
    /** An active license without a confirmed Enterprise support add-on (never confirmed, or cancelled). */
    NO_ENTERPRISE_SUPPORT,
    /** The add-on is confirmed but its validity window starts after the submission. */
    ENTERPRISE_SUPPORT_NOT_YET_ACTIVE,
    /** The add-on's validity window had ended at submission. */
    ENTERPRISE_SUPPORT_EXPIRED
}
