package io.slaplatform.runtime.tracing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Carries the W3C trace context ({@code traceparent}, {@code tracestate}) across the places OpenTelemetry's
 * own instrumentation does not reach: a row written now and read by another thread later (the outbox, the mail
 * outbox, a timer), and the Kafka records the outbox relay publishes. See docs/tracing.md.
 */
@ApplicationScoped
public class TraceContext {

    /** The W3C header naming the trace and the parent span. */
    public static final String TRACEPARENT = "traceparent";
    /** The W3C header with vendor-specific trace state. */
    public static final String TRACESTATE = "tracestate";
    /**
     * The longest {@code tracestate} kept (the columns' size, and what W3C asks every platform to propagate at
     * least); a longer one, possible from an outside caller, is dropped, as the specification allows.
     */
    public static final int MAX_TRACESTATE_LENGTH = 512;

    private static final TextMapGetter<Map<String, String>> MAP_GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private final TextMapPropagator propagator;
    private final Tracer tracer;

    TraceContext(OpenTelemetry openTelemetry) {
        this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
        this.tracer = openTelemetry.getTracer("io.slaplatform.runtime");
    }

    /** The current span's context as W3C headers; empty when no trace is active. */
    public Optional<Carried> current() {
        if (!Span.current().getSpanContext().isValid()) {
            return Optional.empty();
        }
        Map<String, String> headers = new HashMap<>();
        propagator.inject(Context.current(), headers, Map::put);
        String parent = headers.get(TRACEPARENT);
        String state = headers.get(TRACESTATE);
        if (state != null && state.length() > MAX_TRACESTATE_LENGTH) {
            state = null;
        }
        return parent == null ? Optional.empty() : Optional.of(new Carried(parent, state));
    }

    /**
     * Starts a span whose parent is the carried context, or a new trace when there is none (or it is unreadable).
     * The caller makes it current ({@link Span#makeCurrent()}) and ends it.
     */
    public Span startSpan(String name, SpanKind kind, String traceParent, String traceState) {
        Map<String, String> headers = new HashMap<>();
        if (traceParent != null) {
            headers.put(TRACEPARENT, traceParent);
        }
        if (traceState != null) {
            headers.put(TRACESTATE, traceState);
        }
        Context parent = propagator.extract(Context.root(), headers, MAP_GETTER);
        return tracer.spanBuilder(name).setSpanKind(kind).setParent(parent).startSpan();
    }

    /**
     * A trace context as it travels in a row or a record header.
     *
     * @param traceParent the W3C {@code traceparent}, e.g. {@code 00-<trace id>-<span id>-01}
     * @param traceState  the W3C {@code tracestate}, or null
     */
    public record Carried(String traceParent, String traceState) {
    }
}
