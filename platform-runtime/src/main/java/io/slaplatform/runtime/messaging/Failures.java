package io.slaplatform.runtime.messaging;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/** How the consumer reads a handler's failure. */
final class Failures {

    private Failures() {
    }

    /**
     * True when {@code failure} says the database could not be reached or lost the connection (SQLSTATE class
     * 08, an administrator or crash shutdown 57P01-57P03, too many connections 53300, or a socket error), as
     * opposed to the database answering with an error. Such a failure says nothing about the record, so it does
     * not count towards parking it.
     */
    static boolean databaseUnavailable(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                    || t instanceof ConnectException || t instanceof NoRouteToHostException
                    || t instanceof SocketTimeoutException || t instanceof SocketException) {
                return true;
            }
            if (t instanceof TimeoutException || t instanceof SQLException sql && sql.getSQLState() == null
                    && poolCannotConnect(sql)) {
                return true; // the pool waited in vain for a connection, or is closing
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                        || state.equals("57P03") || state.equals("53300")) {
                    return true;
                }
            }
            for (Throwable suppressed : t.getSuppressed()) {
                if (seen.add(suppressed) && databaseUnavailable(suppressed)) {
                    return true;
                }
            }
        }
        return false;
    }

    // Agroal signals a failed acquisition with a plain SQLException (no SQLSTATE): "Sorry, acquisition timeout!",
    // "Acquisition timeout while waiting for new connection", "Interrupted while acquiring", "This pool is closed".
    private static boolean poolCannotConnect(SQLException e) {
        String message = e.getMessage() == null ? "" : e.getMessage().toLowerCase(java.util.Locale.ROOT);
        return message.contains("acquisition timeout") || message.contains("interrupted while acquiring")
                || message.contains("pool is closed") || message.contains("shutting down");
    }

    /**
     * The exception classes of a failure and its causes, with their SQLSTATEs, but not their messages, which may
     * quote personal data (a value that broke a constraint, a refused recipient): for logs.
     */
    static String summary(Throwable failure) {
        StringBuilder out = new StringBuilder();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            if (!out.isEmpty()) {
                out.append(" <- ");
            }
            out.append(t.getClass().getName());
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                out.append(" [SQLSTATE ").append(sql.getSQLState()).append(']');
            }
        }
        return out.toString();
    }

    /** The stack trace with its causes, as {@link Throwable#printStackTrace()} prints it. */
    static String stackTrace(Throwable failure) {
        StringWriter out = new StringWriter();
        try (PrintWriter writer = new PrintWriter(out)) {
            failure.printStackTrace(writer);
        }
        return text(out.toString());
    }

    /** Text PostgreSQL accepts: without NUL characters, which a text column refuses. */
    static String text(String value) {
        return value == null ? null : value.replace('\u0000', '\uFFFD');
    }
}
