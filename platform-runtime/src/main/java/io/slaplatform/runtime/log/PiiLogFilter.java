package io.slaplatform.runtime.log;

import io.quarkus.logging.LoggingFilter;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import org.jboss.logmanager.ExtLogRecord;

/**
 * The safety net behind {@link Pii}: masks e-mail addresses in every log message and in the messages of a logged
 * exception and its causes (a driver's "Key (email)=(…) already exists"), whatever logged them. Enabled on the
 * console and file handlers by platform-runtime's defaults ({@code quarkus.log.console.filter=pii}).
 */
@LoggingFilter(name = "pii")
public final class PiiLogFilter implements Filter {

    @Override
    public boolean isLoggable(LogRecord record) {
        if (record instanceof ExtLogRecord ext) {
            String formatted = ext.getFormattedMessage();
            String masked = Pii.maskEmails(formatted);
            if (masked != null && !masked.equals(formatted)) {
                ext.setMessage(masked, ExtLogRecord.FormatStyle.NO_FORMAT);
                ext.setParameters(null);
            }
        }
        if (record.getThrown() != null && namesAnAddress(record.getThrown(), 0)) {
            record.setThrown(masked(record.getThrown(), 0));
        }
        return true;
    }

    private static boolean namesAnAddress(Throwable t, int depth) {
        if (t == null || depth > 20) {
            return false;
        }
        String message = t.getMessage();
        if (message != null && !message.equals(Pii.maskEmails(message))) {
            return true;
        }
        for (Throwable suppressed : t.getSuppressed()) {
            if (namesAnAddress(suppressed, depth + 1)) {
                return true;
            }
        }
        return namesAnAddress(t.getCause(), depth + 1);
    }

    /** A copy that prints as the original (class name, stack trace, causes) with its messages masked. */
    static Throwable masked(Throwable original, int depth) {
        Throwable cause = original.getCause() != null && depth < 20 ? masked(original.getCause(), depth + 1) : null;
        MaskedThrowable copy = new MaskedThrowable(original.getClass().getName(),
                Pii.maskEmails(original.getMessage()), cause);
        copy.setStackTrace(original.getStackTrace());
        for (Throwable suppressed : original.getSuppressed()) {
            copy.addSuppressed(masked(suppressed, depth + 1));
        }
        return copy;
    }

    /** Prints as {@code <original class>: <masked message>}. */
    static final class MaskedThrowable extends RuntimeException {
        private final String originalClass;

        MaskedThrowable(String originalClass, String message, Throwable cause) {
            super(message, cause, true, true);
            this.originalClass = originalClass;
        }

        @Override
        public String toString() {
            return getMessage() == null ? originalClass : originalClass + ": " + getMessage();
        }
    }
}
