package io.slaplatform.events;

/** A record whose headers or payload do not form a valid event; retrying cannot help. */
public class MalformedEventException extends RuntimeException {
    public MalformedEventException(String message) {
        super(message);
    }

    public MalformedEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
