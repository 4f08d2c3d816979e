package io.slaplatform.runtime.security;

/**
 * The roles the platform's endpoints require, as carried in a token's {@code groups} claim (or given to an API
 * key). Roles do not imply one another: a person who is both a lead and an agent carries both.
 */
public final class Roles {

    /** Support agents: respond to requests, record customer replies, reclassify impact, read requests. */
    public static final String AGENT = "agent";
    /** Support leads: SLA views, subscriptions to SLA alerts, read requests. */
    public static final String LEAD = "lead";
    /** Administrators: licenses and add-ons, form-backend API keys, parked events, the mail log. */
    public static final String ADMIN = "admin";
    /** A customer's web form backend: submits requests (API key or client-credentials JWT). */
    public static final String FORM_BACKEND = "form-backend";

    private Roles() {
    }
}
