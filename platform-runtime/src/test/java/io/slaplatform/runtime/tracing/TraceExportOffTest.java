package io.slaplatform.runtime.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.slaplatform.runtime.messaging.ProxiedPostgresTestResource;
import io.slaplatform.testkit.quarkus.KafkaTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * By default nothing is exported, even with an OTLP endpoint configured, while spans are still recorded and their
 * context still propagates: a child continues the trace with a span id of its own.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(ProxiedPostgresTestResource.class)
@WithTestResource(OtlpCollectorTestResource.class)
class TraceExportOffTest {

    private static final String PARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    @Inject
    TraceContext traces;

    @Test
    void nothingIsExportedButTheContextPropagates() throws InterruptedException {
        Span span = traces.startSpan("export-off-test", SpanKind.CONSUMER, PARENT, "vendor=value");
        try (Scope ignored = span.makeCurrent()) {
            TraceContext.Carried carried = traces.current().orElseThrow();
            assertThat(carried.traceParent()).startsWith("00-0af7651916cd43dd8448eb211c80319c-")
                    .doesNotContain("b7ad6b7169203331").endsWith("-01");
            assertThat(carried.traceState()).isEqualTo("vendor=value");
        } finally {
            span.end();
        }
        assertThat(traces.current()).as("no trace outside the span").isEmpty();

        Thread.sleep(1500); // fifteen export intervals
        assertThat(OtlpCollectorTestResource.exports()).isZero();
    }
}
