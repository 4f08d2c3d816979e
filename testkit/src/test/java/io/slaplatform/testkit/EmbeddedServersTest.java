package io.slaplatform.testkit;

import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.slaplatform.events.CloudEventRecords;
import io.slaplatform.events.RequestResolved;
import io.slaplatform.events.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The plain Java API of the kit, as the local stack uses it. */
class EmbeddedServersTest {

    @Test
    void kafkaBrokerCreatesTopicsAndCarriesCloudEvents() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopics(Topics.ALL, 2);
            kafka.createTopics(Topics.ALL, 2); // idempotent
            try (EventLog log = EventLog.of(kafka.bootstrapServers(), List.of(Topics.SUPPORT_REQUESTS));
                 KafkaProducer<String, String> producer = new KafkaProducer<>(
                         Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                         new StringSerializer(), new StringSerializer())) {
                RequestResolved event = new RequestResolved(UUID.randomUUID(), Instant.parse("2026-11-27T10:00:00Z"));
                UUID eventId = UUID.randomUUID();
                producer.send(CloudEventRecords.record(event, eventId, "/test")).get();

                ReceivedEvent received = log.await(event.key(), "RequestResolved", Duration.ofSeconds(10));
                assertThat(received.id()).isEqualTo(eventId.toString());
                assertThat(received.source()).isEqualTo("/test");
                assertThat(received.time()).isEqualTo(event.resolvedAt());
                assertThat(received.as(RequestResolved.class)).isEqualTo(event);
            }
        }
    }

    @Test
    void kafkaBrokerRestartsOnItsPortWithItsRecords() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopics(List.of(Topics.SUPPORT_REQUESTS), 2);
            String bootstrap = kafka.bootstrapServers();
            try (EventLog log = EventLog.of(bootstrap, List.of(Topics.SUPPORT_REQUESTS))) {
                RequestResolved before = new RequestResolved(UUID.randomUUID(), Instant.parse("2026-11-27T10:00:00Z"));
                send(bootstrap, before);

                kafka.stopBroker();
                RequestResolved during = new RequestResolved(UUID.randomUUID(), Instant.parse("2026-11-27T10:01:00Z"));
                assertThatThrownBy(() -> send(bootstrap, during)).as("nothing is accepted while the broker is down")
                        .hasRootCauseInstanceOf(TimeoutException.class);
                kafka.startBroker();

                assertThat(kafka.bootstrapServers()).isEqualTo(bootstrap);
                RequestResolved after = new RequestResolved(UUID.randomUUID(), Instant.parse("2026-11-27T10:02:00Z"));
                send(bootstrap, after);
                assertThat(log.await(before.key(), "RequestResolved", Duration.ofSeconds(30))).isNotNull();
                assertThat(log.await(after.key(), "RequestResolved", Duration.ofSeconds(30))).isNotNull();
                assertThat(log.forKey(during.key())).isEmpty();
            }
        }
    }

    /** Sends with a fresh producer that gives up after 3 s. */
    private static void send(String bootstrap, RequestResolved event) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 3_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 3_000),
                new StringSerializer(), new StringSerializer())) {
            producer.send(CloudEventRecords.record(event, UUID.randomUUID(), "/test")).get();
        }
    }

    @Test
    void smtpServerReceivesMail() {
        try (EmbeddedSmtp smtp = EmbeddedSmtp.start(0)) {
            GreenMailUtil.sendTextEmail("lead@vendor.com", "sla@vendor.com", "Breached: ticket 42", "Late",
                    new ServerSetup(smtp.port(), smtp.host(), ServerSetup.PROTOCOL_SMTP));
            assertThat(smtp.awaitMessages(1, Duration.ofSeconds(5))).isTrue();
            assertThat(smtp.messages()).hasSize(1);
            assertThat(GreenMailUtil.getHeaders(smtp.messages().get(0))).contains("Subject: Breached: ticket 42");
        }
    }
}
