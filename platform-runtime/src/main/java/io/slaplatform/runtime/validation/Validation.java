package io.slaplatform.runtime.validation;

/** Patterns shared by the services' request bodies. */
public final class Validation {

    /** No control characters (CR, LF, NUL, ...): the value may end up in a mail header or a log line. */
    public static final String SINGLE_LINE = "[^\\p{Cntrl}]*";

    /** A BCP 47 language tag such as {@code en}, {@code de-CH} or {@code es-419}. */
    public static final String LANGUAGE_TAG = "[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*";

    /**
     * A plain address {@code local@domain}: no display name, comment, quotes, spaces, brackets (address literals),
     * line separators, control characters or encoded-word opener ({@code =?}, which no real mailbox needs and a lax
     * reader might decode). See {@link MailAddress}.
     */
    public static final String PLAIN_ADDRESS = "(?!.*=\\?)"
            + "[^\\s\\p{Cntrl}\\p{Z}@<>,;:\"()\\[\\]\\\\]+@[^\\s\\p{Cntrl}\\p{Z}@<>,;:\"()\\[\\]\\\\]+";

    /** Longest e-mail address (RFC 5321 path limit). */
    public static final int EMAIL_MAX = 254;

    private Validation() {
    }
}
