package io.slaplatform.slaclock.service;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;
import io.slaplatform.events.Impact;
import io.slaplatform.testkit.quarkus.KafkaTestResource;
import io.slaplatform.testkit.quarkus.PostgresSchemaTestResource;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.slaplatform.slaclock.service.ShortTargetsConfig.CRITICAL;
import static io.slaplatform.slaclock.service.ShortTargetsConfig.LIMITED;
import static io.slaplatform.slaclock.service.SlaFlow.asLead;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/**
 * The support lead's queue, {@code GET /sla?state=...}, through the REST API over tickets the clock ran through
 * the real broker: one ticket in each state (RUNNING, BREACHED, MET, LATE). The schema is shared with the other
 * flow tests, so the lists hold their tickets too: assertions are about these four and about every row's state and
 * order, never about the whole list.
 */
@QuarkusTest
@TestProfile(SlaClockFlowTest.ShortTargets.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresSchemaTestResource.class)
class SlaQueueTest {

    private final SlaFlow flow = new SlaFlow();

    @BeforeEach
    void clockConsuming() {
        flow.awaitClockConsuming();
    }

    /** The queue for these parameters (the largest page, so the other tests' tickets cut nothing off). */
    private static List<Map<String, Object>> queue(Map<String, ?> parameters) {
        return asLead().queryParams(parameters).queryParam("limit", 1000).when().get("/sla").then()
                .statusCode(200).extract().jsonPath().getList("$");
    }

    private static List<String> ids(List<Map<String, Object>> queue) {
        return queue.stream().map(row -> (String) row.get("requestId")).toList();
    }

    private static List<Instant> deadlines(List<Map<String, Object>> queue) {
        return queue.stream().map(row -> Instant.parse((String) row.get("deadline"))).toList();
    }

    private static Map<String, Object> row(List<Map<String, Object>> queue, UUID id) {
        return queue.stream().filter(row -> id.toString().equals(row.get("requestId"))).findFirst().orElseThrow(
                () -> new AssertionError(id + " not in " + queue));
    }

    private static void assertStates(List<Map<String, Object>> queue, String... states) {
        assertThat(queue).extracting(row -> (String) row.get("state")).isSubsetOf(states);
    }

    @Test
    void listsCyclesByStateAndDeadline() {
        Instant now = flow.now();
        // BREACHED: due an hour ago, unanswered
        UUID breached = UUID.randomUUID();
        Instant breachedSubmittedAt = now.minus(Duration.ofHours(1));
        SlaFlow.submitAccepted(breached, Impact.CRITICAL, breachedSubmittedAt);
        // LATE: due 50 minutes ago, answered now
        UUID late = UUID.randomUUID();
        Instant lateSubmittedAt = now.minus(Duration.ofMinutes(50));
        SlaFlow.submitAccepted(late, Impact.CRITICAL, lateSubmittedAt);
        SlaFlow.respond(late, now);
        // MET: answered one second in, now
        UUID met = UUID.randomUUID();
        SlaFlow.submitAccepted(met, Impact.LIMITED, now.minusSeconds(1));
        SlaFlow.respond(met, now);
        // RUNNING: LIMITED (12 s) from now
        UUID running = UUID.randomUUID();
        Instant runningSubmittedAt = flow.now();
        SlaFlow.submitAccepted(running, Impact.LIMITED, runningSubmittedAt);
        flow.await(breached, "Breached", 1);
        flow.await(late, "ResponseLate", 1);
        flow.await(met, "ResponseDeadlineMet", 1);
        flow.await(running, "ClockStarted", 1);

        // default: the open cycles (RUNNING and BREACHED), soonest deadline (most overdue) first
        List<Map<String, Object>> open = queue(Map.of());
        assertThat(ids(open)).contains(running.toString(), breached.toString())
                .doesNotContain(met.toString(), late.toString());
        assertStates(open, "RUNNING", "BREACHED");
        assertThat(deadlines(open)).isSorted();
        assertThat(ids(open).indexOf(breached.toString())).isLessThan(ids(open).indexOf(running.toString()));
        assertThat(ids(queue(Map.of("state", "RUNNING,BREACHED")))).isEqualTo(ids(open));

        List<Map<String, Object>> runningOnly = queue(Map.of("state", "RUNNING"));
        assertThat(ids(runningOnly)).contains(running.toString()).doesNotContain(breached.toString());
        assertStates(runningOnly, "RUNNING");
        assertThat(deadlines(runningOnly)).isSorted();
        assertThat(row(runningOnly, running)).containsEntry("deadline", runningSubmittedAt.plus(LIMITED).toString())
                .containsEntry("impact", "LIMITED").containsEntry("cycle", 1).containsKey("remaining")
                .doesNotContainKey("overdue").containsEntry("warning", false);

        List<Map<String, Object>> breachedOnly = queue(Map.of("state", "BREACHED"));
        assertThat(ids(breachedOnly)).contains(breached.toString()).doesNotContain(running.toString());
        assertStates(breachedOnly, "BREACHED");
        assertThat(deadlines(breachedOnly)).isSorted();
        assertThat(row(breachedOnly, breached))
                .containsEntry("deadline", breachedSubmittedAt.plus(CRITICAL).toString())
                .containsKey("overdue").doesNotContainKey("remaining").doesNotContainKey("respondedAt")
                .doesNotContainKey("warning");

        List<Map<String, Object>> metOnly = queue(Map.of("state", "MET"));
        assertThat(ids(metOnly)).contains(met.toString()).doesNotContain(late.toString(), running.toString());
        assertStates(metOnly, "MET");
        assertThat(deadlines(metOnly)).isSorted();
        assertThat(row(metOnly, met)).containsEntry("respondedAt", now.toString())
                .containsEntry("remaining", "PT11S");

        List<Map<String, Object>> lateOnly = queue(Map.of("state", "LATE"));
        assertThat(ids(lateOnly)).contains(late.toString()).doesNotContain(met.toString(), breached.toString());
        assertStates(lateOnly, "LATE");
        assertThat(row(lateOnly, late)).containsEntry("respondedAt", now.toString())
                .containsEntry("overdue", Duration.between(lateSubmittedAt.plus(CRITICAL), now).toString());

        // several states, any case: what needs a lead's attention, missed deadlines answered or not
        List<Map<String, Object>> missed = queue(Map.of("state", "breached,Late"));
        assertThat(ids(missed)).contains(breached.toString(), late.toString())
                .doesNotContain(met.toString(), running.toString());
        assertStates(missed, "BREACHED", "LATE");
        assertThat(deadlines(missed)).isSorted();
        assertThat(ids(missed).indexOf(breached.toString())).isLessThan(ids(missed).indexOf(late.toString()));

        List<Map<String, Object>> all = queue(Map.of("state", "RUNNING,BREACHED,MET,LATE"));
        assertThat(ids(all)).contains(running.toString(), breached.toString(), met.toString(), late.toString());
        assertThat(deadlines(all)).isSorted();
        List<Map<String, Object>> latestFirst = queue(Map.of("state", "RUNNING,BREACHED,MET,LATE", "sort", "-deadline"));
        assertThat(deadlines(latestFirst)).isSortedAccordingTo(Comparator.reverseOrder());
        assertThat(ids(latestFirst)).containsExactlyInAnyOrderElementsOf(ids(all));
    }

    @Test
    void limitCutsTheSortedQueue() {
        UUID first = UUID.randomUUID();
        SlaFlow.submitAccepted(first, Impact.CRITICAL, Instant.parse("2000-01-01T00:00:00Z"));
        flow.await(first, "Breached", 1);
        // the most overdue of all tickets
        asLead().queryParam("state", "BREACHED").queryParam("limit", 1).when().get("/sla").then().statusCode(200)
                .body("size()", equalTo(1))
                .body("[0].requestId", equalTo(first.toString()));
        asLead().queryParam("state", "BREACHED,LATE").queryParam("limit", 1).when().get("/sla").then().statusCode(200)
                .body("size()", equalTo(1))
                .body("[0].requestId", equalTo(first.toString()));
    }

    @Test
    void badParametersAreProblemsNamingTheParameter() {
        invalid(asLead().queryParam("state", "SLEEPING"), "state");
        invalid(asLead().queryParam("state", "RUNNING,"), "state");
        invalid(asLead().queryParam("state", "RUNNING").queryParam("state", "MET"), "state");
        invalid(asLead().queryParam("sort", "impact"), "sort");
        invalid(asLead().queryParam("limit", 0), "limit");
        invalid(asLead().queryParam("limit", 1001), "limit");
    }

    private static void invalid(io.restassured.specification.RequestSpecification request, String field) {
        ValidatableResponse response = request.when().get("/sla").then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("errors[0].field", equalTo(field));
        assertThat(response.extract().jsonPath().getList("errors")).hasSize(1);
    }
}
