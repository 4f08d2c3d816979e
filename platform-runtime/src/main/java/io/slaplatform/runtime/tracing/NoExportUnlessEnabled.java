package io.slaplatform.runtime.tracing;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.quarkus.arc.Unremovable;
import io.quarkus.arc.lookup.LookupIfProperty;
import jakarta.inject.Singleton;
import java.util.Collection;

/**
 * Keeps spans in the service unless {@code tracing.export.enabled} is true. Quarkus' OTLP exporter sends to
 * {@code localhost:4317} when no endpoint is configured, and stands aside whenever the application has a
 * {@link SpanExporter} bean; this bean is that stand-in while export is off, and is hidden from lookup (so the
 * OTLP exporter takes over, with {@code quarkus.otel.exporter.otlp.*}) once it is switched on. Spans and the
 * propagation of the trace context through HTTP, the outboxes and Kafka work either way.
 */
@Singleton
@Unremovable
@LookupIfProperty(name = "tracing.export.enabled", stringValue = "false", lookupIfMissing = true)
public class NoExportUnlessEnabled implements SpanExporter {

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
    }
}
