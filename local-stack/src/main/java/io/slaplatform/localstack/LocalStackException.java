package io.slaplatform.localstack;

/**
 * The local stack cannot start, for a reason the developer can fix (a port in use, PostgreSQL down, a jar not
 * built). The message says what to do and is printed without a stack trace.
 */
public class LocalStackException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public LocalStackException(String message) {
        super(message);
    }

    public LocalStackException(String message, Throwable cause) {
        super(message, cause);
    }
}
