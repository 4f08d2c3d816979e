package io.slaplatform.events;

import java.time.Instant;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventCodecTest {

    private static final Instant T = Instant.parse("2026-11-27T08:15:30.123456Z");
    private static final UUID ID = UUID.fromString("6f1c2b9e-2f4a-4c57-9a8e-0f6a1b2c3d4e");

    static Stream<DomainEvent> oneOfEach() {
        return Stream.of(
                new RequestSubmitted(ID, "ops@customer.com", "jane@customer.com", Impact.MAJOR, "Stalls", "Details",
                        "CH", "de-CH", T),
                new SupportResponded(ID, UUID.randomUUID(), ResponseKind.ACTION_PLAN, T),
                new CustomerReplied(ID, UUID.randomUUID(), T),
                new ImpactReclassified(ID, Impact.MAJOR, Impact.CRITICAL, "All projects down", T),
                new RequestResolved(ID, T),
                new RequestAccepted(ID, UUID.randomUUID(), "US", T.minusSeconds(5), T),
                new RequestRejected(ID, RejectionReason.LICENSE_EXPIRED, "Expired", T.minusSeconds(5), T),
                new ReplyCovered(ID, UUID.randomUUID(), UUID.randomUUID(), T.minusSeconds(5), T),
                new ReplyNotCovered(ID, UUID.randomUUID(), RejectionReason.ENTERPRISE_SUPPORT_EXPIRED, "Ended",
                        T.minusSeconds(5), T),
                new EnterpriseSupportActivated(ID, "ops@customer.com", "Pix4Dengine", null, T, T.plusSeconds(86400), T),
                new EnterpriseSupportCancelled(ID, "ops@customer.com", T),
                new ClockStarted(ID, 1, Impact.CRITICAL, "swiss", java.time.Duration.ofHours(2), T, T.plusSeconds(7200)),
                new DeadlineApproaching(ID, 1, Impact.CRITICAL, "swiss", 0.75, java.time.Duration.ofMinutes(30),
                        T.plusSeconds(1800), T),
                new Breached(ID, 1, Impact.CRITICAL, "swiss", T),
                new ResponseDeadlineMet(ID, 1, Impact.MAJOR, "us-pacific", T.plusSeconds(60), T,
                        java.time.Duration.ofMinutes(1)),
                new ResponseLate(ID, 2, Impact.MAJOR, "us-pacific", T.minusSeconds(60), T,
                        java.time.Duration.ofMinutes(1), java.time.Duration.ofMinutes(1)),
                new DeadlineChanged(ID, 1, Impact.MAJOR, Impact.CRITICAL, T.plusSeconds(14400), T.plusSeconds(7200),
                        ReclassificationPolicy.RETROACTIVE, T),
                new UnguaranteedCycleStarted(ID, 2, Impact.MAJOR, "swiss", RejectionReason.NO_ENTERPRISE_SUPPORT, T),
                new UnguaranteedCycleAnswered(ID, 2, T));
    }

    @ParameterizedTest
    @MethodSource("oneOfEach")
    void everyEventSurvivesAJsonRoundTrip(DomainEvent event) {
        String json = EventCodec.encode(event);
        assertThat(EventCodec.decode(json, event.getClass())).isEqualTo(event);
        assertThat(json).contains("\"2026-11-27T08:15:30.123456Z\"").doesNotContain("\"key\"");
    }

    @ParameterizedTest
    @MethodSource("oneOfEach")
    void keyAndTimeComeFromThePayload(DomainEvent event) {
        assertThat(event.key()).isEqualTo(ID.toString());
        assertThat(event.occurredAt()).isEqualTo(T);
        assertThat(EventType.fromCeType(event.type().ceType())).contains(event.type());
    }

    @org.junit.jupiter.api.Test
    void everyEventTypeIsCovered() {
        assertThat(oneOfEach().map(DomainEvent::type)).containsExactlyInAnyOrder(EventType.values());
    }

    @org.junit.jupiter.api.Test
    void durationsAreIsoText() {
        String json = EventCodec.encode(new Breached(ID, 1, Impact.MAJOR, "swiss", T));
        assertThat(json).contains("\"cycle\":1");
        assertThat(EventCodec.encode(new ClockStarted(ID, 1, Impact.CRITICAL, "swiss",
                java.time.Duration.ofHours(2), T, T))).contains("\"target\":\"PT2H\"");
    }

    @org.junit.jupiter.api.Test
    void malformedPayloadIsAMalformedEvent() {
        assertThatThrownBy(() -> EventCodec.decode("{\"requestId\": 42", RequestResolved.class))
                .isInstanceOf(MalformedEventException.class);
    }

    @org.junit.jupiter.api.Test
    void theMessageOfAMalformedPayloadSaysWhereButNeverQuotesTheValue() {
        // a value in the wrong field: Jackson's own message would quote it
        assertThatThrownBy(() -> EventCodec.decode("{\"requestId\": \"anna@customer.is\"}", RequestResolved.class))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("RequestResolved payload at requestId")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("anna"));
    }

    @org.junit.jupiter.api.Test
    void unknownFieldsFromNewerProducersAreIgnored() {
        RequestResolved event = EventCodec.decode(
                "{\"requestId\":\"" + ID + "\",\"resolvedAt\":\"2026-11-27T08:15:30.123456Z\",\"by\":\"x\"}",
                RequestResolved.class);
        assertThat(event).isEqualTo(new RequestResolved(ID, T));
    }
}
