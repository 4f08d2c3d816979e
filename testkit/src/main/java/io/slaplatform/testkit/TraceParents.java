package io.slaplatform.testkit;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * W3C {@code traceparent} values for tests: a fresh sampled one to send, and its parts to compare
 * ({@code 00-<32 hex trace id>-<16 hex parent span id>-<2 hex flags>}).
 */
public final class TraceParents {

    /** The header (HTTP and Kafka) that carries it. */
    public static final String HEADER = "traceparent";

    private TraceParents() {
    }

    /** A new sampled traceparent with a random trace id and parent span id. */
    public static String random() {
        return "00-" + randomHex(16) + "-" + randomHex(8) + "-01";
    }

    /** The trace id of a traceparent. */
    public static String traceId(String traceParent) {
        return part(traceParent, 1);
    }

    /** The parent span id of a traceparent. */
    public static String spanId(String traceParent) {
        return part(traceParent, 2);
    }

    private static String part(String traceParent, int index) {
        if (traceParent == null) {
            throw new AssertionError("no traceparent");
        }
        String[] parts = traceParent.split("-");
        if (parts.length != 4 || parts[1].length() != 32 || parts[2].length() != 16) {
            throw new AssertionError("not a W3C traceparent: " + traceParent);
        }
        return parts[index];
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        random[0] |= 1; // never all zeros, which W3C declares invalid
        return HexFormat.of().formatHex(random);
    }
}
