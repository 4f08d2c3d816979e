package io.slaplatform.notifier;

import io.agroal.api.AgroalDataSource;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.slaplatform.events.CloudEventRecords;
import io.slaplatform.events.DomainEvent;
import io.slaplatform.events.Impact;
import io.slaplatform.events.RejectionReason;
import io.slaplatform.events.RequestRejected;
import io.slaplatform.testkit.EmbeddedSmtp;
import io.slaplatform.testkit.TraceParents;
import io.slaplatform.testkit.quarkus.KafkaTestResource;
import io.slaplatform.testkit.quarkus.PostgresSchemaTestResource;
import io.slaplatform.testkit.quarkus.SmtpTestResource;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import static io.slaplatform.notifier.NotifierTestSupport.SUBMITTED;
import static io.slaplatform.notifier.NotifierTestSupport.awaitMails;
import static io.slaplatform.notifier.NotifierTestSupport.html;
import static io.slaplatform.notifier.NotifierTestSupport.submitted;
import static io.slaplatform.notifier.NotifierTestSupport.text;
import static io.slaplatform.notifier.NotifierTestSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The trace of a request ends at its e-mail: the consumer span continues the event's {@code traceparent}, the
 * mail queued in it keeps that context in {@code outgoing_mail}, and MailSender sends it in a child span, on its
 * own thread, after the commit. The customer's mail carries no trace ids.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresSchemaTestResource.class)
@WithTestResource(SmtpTestResource.class)
class TracePropagationTest {

    private static final Supplier<EmbeddedSmtp> SMTP = SmtpTestResource::server;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    RecordedSpans spans;

    @Test
    void mailIsSentInAChildSpanOfTheConsumerSpanThatQueuedIt() throws Exception {
        String upstream = TraceParents.random();
        String traceId = TraceParents.traceId(upstream);
        UUID ticket = UUID.randomUUID();
        String jane = unique("jane");
        // both facts of the rejection notice come from the same traced request, in whatever order they arrive
        publishTraced(new RequestRejected(ticket, RejectionReason.UNKNOWN_LICENSE_EMAIL, "No license.", SUBMITTED,
                SUBMITTED.plusSeconds(1)), upstream);
        publishTraced(submitted(ticket, jane, "Crash on export", null, Impact.MAJOR), upstream);

        MimeMessage mail = awaitMails(SMTP, jane, 1).get(0);
        String stored = storedTraceParent(ticket);
        assertThat(TraceParents.traceId(stored)).isEqualTo(traceId);
        assertThat(TraceParents.spanId(stored)).isNotEqualTo(TraceParents.spanId(upstream));

        SpanData send = Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> span(traceId, "smtp send"),
                s -> s != null);
        assertThat(send.getKind()).isEqualTo(SpanKind.CLIENT);
        assertThat(send.getParentSpanId()).isEqualTo(TraceParents.spanId(stored));
        SpanData consumer = Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> spans.ofTrace(traceId).stream()
                        .filter(s -> s.getSpanId().equals(TraceParents.spanId(stored))).findFirst().orElse(null),
                        s -> s != null);
        assertThat(consumer.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(consumer.getParentSpanId()).isEqualTo(TraceParents.spanId(upstream));

        String headers = String.join("\n", Collections.list(mail.getAllHeaderLines()));
        for (String content : List.of(text(mail), html(mail), headers)) {
            assertThat(content).doesNotContain(traceId).doesNotContain(TraceParents.spanId(stored));
        }
    }

    private SpanData span(String traceId, String name) {
        return spans.ofTrace(traceId).stream().filter(s -> s.getName().equals(name)).findFirst().orElse(null);
    }

    private static void publishTraced(DomainEvent event, String traceParent) {
        ProducerRecord<String, String> record = CloudEventRecords.record(event, UUID.randomUUID(), "/test");
        record.headers().add(TraceParents.HEADER, traceParent.getBytes(StandardCharsets.UTF_8));
        KafkaTestResource.publish(record);
    }

    private String storedTraceParent(UUID ticket) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement q = c.prepareStatement(
                     "SELECT trace_parent FROM outgoing_mail WHERE aggregate_id = ? AND kind = 'REJECTION'")) {
            q.setString(1, ticket.toString());
            try (ResultSet r = q.executeQuery()) {
                assertThat(r.next()).as("rejection notice queued").isTrue();
                return r.getString(1);
            }
        }
    }
}
