package io.slaplatform.notifier.domain;

import java.util.Locale;

/** The mails the notifier writes; each has its templates under {@code templates/mail/<template>/}. */
public enum MailKind {
    /** To the submitter: the request is accepted, with its response deadline. */
    ACKNOWLEDGEMENT,
    /** To the submitter: the request is handled without a guaranteed response time, and why. */
    REJECTION,
    /** To the submitter: their reply opened a cycle without a guaranteed response time, and why. */
    UNGUARANTEED_FOLLOW_UP,
    /** To the license address: Enterprise support is active, and how to reach support. */
    SUPPORT_ACTIVATED,
    /** To a subscribed support lead: an SLA event of a ticket. */
    SLA_ALERT;

    /** The template folder, e.g. {@code support-activated}. */
    public String template() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
