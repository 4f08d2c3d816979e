package io.slaplatform.runtime.tracing;

import io.opentelemetry.api.trace.SpanKind;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.slaplatform.runtime.messaging.ProxiedPostgresTestResource;
import io.slaplatform.testkit.quarkus.KafkaTestResource;
import jakarta.inject.Inject;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** With {@code tracing.export.enabled=true} spans go to the configured OTLP endpoint. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(ProxiedPostgresTestResource.class)
@WithTestResource(value = OtlpCollectorTestResource.class, initArgs = @ResourceArg(name = "export", value = "true"))
class TraceExportTest {

    @Inject
    TraceContext traces;

    @Test
    void spansReachTheCollectorWhenExportIsOn() {
        traces.startSpan("export-test", SpanKind.INTERNAL, null, null).end();

        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> OtlpCollectorTestResource.exports() > 0);
    }
}
