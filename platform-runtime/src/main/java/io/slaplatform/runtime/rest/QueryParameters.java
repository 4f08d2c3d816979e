package io.slaplatform.runtime.rest;

import io.slaplatform.events.Impact;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;

/**
 * Reads query parameters, answering a 400 that names the parameter when one is missing, malformed or out of range.
 * Resources take them as strings and read them here: a typed {@code @QueryParam int} that fails to convert is a
 * {@code 404} by the JAX-RS rules, which would tell the caller the path does not exist.
 */
public final class QueryParameters {

    /** How many rows a list answers when {@code limit} is absent. */
    public static final int DEFAULT_LIMIT = 100;
    /** The most rows a list answers. */
    public static final int MAX_LIMIT = 1000;
    /** The first instant the calendars serve. */
    public static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    /** The first instant after the last one the calendars serve. */
    public static final Instant END = Instant.parse("3000-01-01T00:00:00Z");
    /** How an {@code at} parameter is documented. */
    public static final String AT = "When (RFC 3339, e.g. 2026-11-27T15:00:00Z or with an offset), in the years "
            + "1970 to 2999; absent means now";

    private static final YearMonth FIRST_MONTH = YearMonth.of(1970, 1);
    private static final YearMonth LAST_MONTH = YearMonth.of(2999, 12);

    private QueryParameters() {
    }

    /** An RFC 3339 instant from {@link #EARLIEST} to before {@link #END}; absent means now. */
    public static Instant instant(String name, String value, Clock clock) {
        if (value == null || value.isBlank()) {
            return clock.instant();
        }
        Instant instant;
        try {
            instant = OffsetDateTime.parse(value.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw ProblemException.invalidField(name, "must be an RFC 3339 instant such as 2026-11-27T15:00:00Z");
        }
        if (instant.isBefore(EARLIEST) || !instant.isBefore(END)) {
            throw ProblemException.invalidField(name, "must be in the years 1970 to 2999");
        }
        return instant;
    }

    /** A month ({@code yyyy-MM}) in the years 1970 to 2999; absent means {@code absent}. */
    public static YearMonth month(String name, String value, YearMonth absent) {
        if (value == null || value.isBlank()) {
            return absent;
        }
        YearMonth month;
        try {
            month = YearMonth.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw ProblemException.invalidField(name, "must be a month such as 2026-11 (yyyy-MM)");
        }
        if (month.isBefore(FIRST_MONTH) || month.isAfter(LAST_MONTH)) {
            throw ProblemException.invalidField(name, "must be in the years 1970 to 2999");
        }
        return month;
    }

    /** An impact, spelt as everywhere in the API: upper case. */
    public static Impact impact(String name, String value) {
        if (value == null || value.isBlank()) {
            throw ProblemException.invalidField(name, "is required: LIMITED, MODERATE, MAJOR or CRITICAL");
        }
        for (Impact impact : Impact.values()) {
            if (impact.name().equals(value.trim())) {
                return impact;
            }
        }
        throw ProblemException.invalidField(name, "must be LIMITED, MODERATE, MAJOR or CRITICAL");
    }

    public static String required(String name, String value) {
        if (value == null || value.isBlank()) {
            throw ProblemException.invalidField(name, "is required");
        }
        return value.trim();
    }

    /** A whole number of rows from 1 to {@link #MAX_LIMIT}; absent means {@link #DEFAULT_LIMIT}. */
    public static int limit(String name, String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_LIMIT;
        }
        String digits = value.trim();
        if (!digits.matches("[0-9]{1,4}") || Integer.parseInt(digits) < 1 || Integer.parseInt(digits) > MAX_LIMIT) {
            throw ProblemException.invalidField(name, "must be a whole number from 1 to " + MAX_LIMIT);
        }
        return Integer.parseInt(digits);
    }
}
