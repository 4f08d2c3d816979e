package io.slaplatform.slaclock.rest;

import io.slaplatform.events.Impact;
import io.slaplatform.runtime.rest.ProblemException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Reads query parameters, answering a 400 that names the parameter when one is missing or malformed. */
final class QueryParameters {

    /** How the {@code at} parameter is documented. */
    static final String AT = "When (RFC 3339, e.g. 2026-11-27T15:00:00Z or with an offset); absent means now";

    private QueryParameters() {
    }

    /** An RFC 3339 instant ({@code 2026-11-27T15:00:00Z} or with an offset); absent means now. */
    static Instant instant(String name, String value, Clock clock) {
        if (value == null || value.isBlank()) {
            return clock.instant();
        }
        try {
            return OffsetDateTime.parse(value.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw ProblemException.invalidField(name, "must be an RFC 3339 instant such as 2026-11-27T15:00:00Z");
        }
    }

    static Impact impact(String name, String value) {
        if (value == null || value.isBlank()) {
            throw ProblemException.invalidField(name, "is required: LIMITED, MODERATE, MAJOR or CRITICAL");
        }
        try {
            return Impact.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField(name, "must be LIMITED, MODERATE, MAJOR or CRITICAL");
        }
    }

    static String required(String name, String value) {
        if (value == null || value.isBlank()) {
            throw ProblemException.invalidField(name, "is required");
        }
        return value.trim();
    }
}
