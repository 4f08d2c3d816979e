package io.slaplatform.slaclock.service;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.slaplatform.events.Impact;
import io.slaplatform.testkit.quarkus.KafkaTestResource;
import io.slaplatform.testkit.quarkus.PostgresSchemaTestResource;
import io.slaplatform.testkit.security.TestTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.slaplatform.slaclock.service.ShortTargetsConfig.CRITICAL;
import static io.slaplatform.slaclock.service.SlaFlow.asLead;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

/**
 * What the lead board reads: the live feed ({@code GET /sla/events}) and the attainment reports
 * ({@code GET /sla/reports/...}), over tickets the clock runs through the real broker on the 24x7 test calendar.
 * The schema is shared with the other flow tests: assertions are about these tickets and about the reports'
 * consistency, never about the whole of a report.
 */
@QuarkusTest
@TestProfile(SlaClockFlowTest.ShortTargets.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresSchemaTestResource.class)
class LeadBoardApiTest {

    private final SlaFlow flow = new SlaFlow();

    @BeforeEach
    void clockConsuming() {
        flow.awaitClockConsuming();
    }

    /** One server-sent event: its name and data. */
    private record Sse(String event, String data) {
        JsonPath json() {
            return JsonPath.from(data);
        }
    }

    /** Reads GET /sla/events as a lead into a queue of events, on a thread of its own; closing stops it. */
    private static final class FeedReader implements AutoCloseable {
        final BlockingQueue<Sse> events = new LinkedBlockingQueue<>();
        private final Stream<String> lines;
        private final Thread reader;

        FeedReader() throws IOException, InterruptedException {
            HttpResponse<Stream<String>> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(RestAssured.baseURI + ":" + RestAssured.port + "/sla/events"))
                    .header("Accept", "text/event-stream")
                    .header("Authorization", "Bearer " + TestTokens.lead()).build(),
                    HttpResponse.BodyHandlers.ofLines());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/event-stream"));
            lines = response.body();
            reader = new Thread(this::read, "sse-reader");
            reader.setDaemon(true);
            reader.start();
        }

        /** Splits the stream into events at blank lines (comments and ids are not needed here). */
        private void read() {
            String name = "message";
            StringBuilder data = new StringBuilder();
            try {
                for (String line : (Iterable<String>) lines::iterator) {
                    if (line.isEmpty()) {
                        if (!data.isEmpty()) {
                            events.add(new Sse(name, data.toString()));
                        }
                        name = "message";
                        data.setLength(0);
                    } else if (line.startsWith("event:")) {
                        name = line.substring(6).trim();
                    } else if (line.startsWith("data:")) {
                        data.append(line.substring(5).trim());
                    }
                }
            } catch (UncheckedIOException closed) {
                // close() ends the stream
            }
        }

        /**
         * Waits until the feed passes on SLA events: the service's board consumer starts at the end of the topics
         * once it has its partitions, so events before that are not fed. A probe ticket per try.
         */
        void awaitLive(SlaFlow flow) throws InterruptedException {
            for (int attempt = 0; attempt < 10; attempt++) {
                UUID probe = UUID.randomUUID();
                SlaFlow.submitAccepted(probe, Impact.LIMITED, flow.now());
                long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
                Sse event;
                while ((event = events.poll(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS)) != null) {
                    if (event.data().contains(probe.toString())) {
                        return;
                    }
                }
            }
            throw new AssertionError("the feed passed on none of 10 probe tickets' events");
        }

        /** The next event of this ticket (others' are skipped), within the flow's wait. */
        Sse next(UUID requestId) throws InterruptedException {
            long deadline = System.nanoTime() + SlaFlow.WAIT.toNanos();
            for (;;) {
                Sse event = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                assertThat(event).as("next feed event of " + requestId).isNotNull();
                if (event.event().equals("ready") || event.data().contains(requestId.toString())) {
                    return event;
                }
            }
        }

        @Override
        public void close() {
            lines.close();
        }
    }

    @Test
    void theFeedPushesEverySlaEventWithTheTicketsCycleAsTheQueueShowsIt() throws Exception {
        try (FeedReader feed = new FeedReader()) {
            assertThat(feed.next(UUID.randomUUID()).event()).isEqualTo("ready");
            feed.awaitLive(flow);
            UUID id = UUID.randomUUID();
            Instant submittedAt = flow.now();
            SlaFlow.submitAccepted(id, Impact.CRITICAL, submittedAt);

            Sse started = feed.next(id);
            assertThat(started.event()).isEqualTo("ClockStarted");
            assertThat(started.json().getString("type")).isEqualTo("ClockStarted");
            assertThat(started.json().getString("cycle.state")).isEqualTo("RUNNING");
            assertThat(started.json().getBoolean("cycle.warning")).isFalse();
            assertThat(started.json().getString("cycle.deadline")).isEqualTo(submittedAt.plus(CRITICAL).toString());

            Sse warning = feed.next(id);
            assertThat(warning.event()).isEqualTo("DeadlineApproaching");
            assertThat(warning.json().getString("cycle.state")).isEqualTo("RUNNING");
            assertThat(warning.json().getBoolean("cycle.warning")).as("warned once 75%% is used").isTrue();

            Sse breached = feed.next(id);
            assertThat(breached.event()).isEqualTo("Breached");
            assertThat(breached.json().getString("cycle.state")).isEqualTo("BREACHED");
            assertThat(breached.json().getString("cycle.overdue")).startsWith("PT");

            SlaFlow.respond(id, flow.now());
            Sse answered = feed.next(id);
            assertThat(answered.event()).isEqualTo("ResponseLate");
            assertThat(answered.json().getString("cycle.state")).isEqualTo("LATE");
        }
    }

    @Test
    void reportsCountMetMissedAndOpenCyclesAndListTheBreaches() {
        Instant now = flow.now();
        UUID met = UUID.randomUUID();
        SlaFlow.submitAccepted(met, Impact.LIMITED, now.minusSeconds(1));
        SlaFlow.respond(met, now);
        UUID late = UUID.randomUUID();
        SlaFlow.submitAccepted(late, Impact.CRITICAL, now.minus(Duration.ofMinutes(10)));
        SlaFlow.respond(late, now);
        UUID breached = UUID.randomUUID();
        SlaFlow.submitAccepted(breached, Impact.CRITICAL, now.minus(Duration.ofMinutes(5)));
        flow.await(met, "ResponseDeadlineMet", 1);
        flow.await(late, "ResponseLate", 1);
        flow.await(breached, "Breached", 1);
        // cycles started in the month before now's are reported in it; this test may run across a month's end
        String from = YearMonth.from(now.minus(Duration.ofMinutes(10)).atZone(ZoneOffset.UTC)).toString();
        String to = YearMonth.from(flow.now().atZone(ZoneOffset.UTC)).toString();

        List<Map<String, Object>> breaches = asLead().queryParam("from", from).queryParam("to", to)
                .when().get("/sla/reports/breaches").then().statusCode(200).extract().jsonPath().getList("$");
        Map<String, Object> lateRow = row(breaches, late);
        assertThat(lateRow).containsEntry("standing", "LATE").containsEntry("impact", "CRITICAL")
                .containsEntry("calendar", "test-24x7");
        // 10 minutes after the start, the 3 s target was missed by 9 min 57 s of (24x7) business time
        assertThat(Duration.parse((String) lateRow.get("lateness")))
                .isEqualTo(Duration.ofMinutes(10).minus(CRITICAL));
        assertThat(row(breaches, breached)).containsEntry("standing", "BREACHED").containsEntry("respondedAt", null);
        assertThat(breaches).extracting(b -> b.get("requestId")).doesNotContain(met.toString());

        JsonPath report = asLead().queryParam("from", from).queryParam("to", to)
                .when().get("/sla/reports/attainment").then().statusCode(200).extract().jsonPath();
        int cycles = report.getInt("total.cycles");
        assertThat(cycles).isGreaterThanOrEqualTo(3);
        assertThat(report.getInt("total.met") + report.getInt("total.missed") + report.getInt("total.open"))
                .isEqualTo(cycles);
        assertThat(report.getInt("total.missed")).isGreaterThanOrEqualTo(2);
        assertThat(report.getList("rows.cycles", Integer.class).stream().mapToInt(Integer::intValue).sum())
                .isEqualTo(cycles);
        assertThat(report.getList("byImpact.impact", String.class))
                .containsExactly("LIMITED", "MODERATE", "MAJOR", "CRITICAL");
        assertThat(report.getString("total.medianResponse")).startsWith("PT");

        String csv = asLead().accept("text/csv").queryParam("from", from).queryParam("to", to)
                .when().get("/sla/reports/attainment").then().statusCode(200)
                .contentType(startsWith("text/csv")).extract().asString();
        List<String> lines = new ArrayList<>(csv.lines().toList());
        assertThat(lines.remove(0)).isEqualTo("month,calendar,impact,cycles,met,missed,open,attainment,"
                + "median_response_minutes,p90_response_minutes");
        assertThat(lines).anyMatch(line -> line.matches(to + ",test-24x7,CRITICAL,\\d+,\\d+,\\d+,\\d+,0\\.\\d{4},.*")
                || line.matches(from + ",test-24x7,CRITICAL,\\d+,\\d+,\\d+,\\d+,0\\.\\d{4},.*"));

        String breachesCsv = asLead().accept("text/csv").queryParam("from", from).queryParam("to", to)
                .when().get("/sla/reports/breaches").then().statusCode(200).extract().asString();
        assertThat(breachesCsv).startsWith("request_id,cycle,month,calendar,impact,started_at,deadline,responded_at,"
                + "standing,lateness_minutes\r\n").contains(late + ",1,").contains(breached + ",1,");
    }

    @Test
    void aReportsMonthsAreCheckedNamingTheParameter() {
        asLead().queryParam("from", "2026-13").when().get("/sla/reports/attainment")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("from"));
        asLead().queryParam("from", "2026-11").queryParam("to", "2026-10").when().get("/sla/reports/breaches")
                .then().statusCode(400).body("errors.field", hasItem("from"));
        asLead().queryParam("from", "2024-01").queryParam("to", "2026-01").when().get("/sla/reports/attainment")
                .then().statusCode(400).body("errors.field", hasItem("to"));
        asLead().queryParam("from", "2024-02").queryParam("to", "2026-01").when().get("/sla/reports/attainment")
                .then().statusCode(200).body("byMonth.size()", equalTo(24));
    }

    @Test
    void theBoardIsServedAndToldWhereTheNotifierIs() {
        RestAssured.given().when().get("/board/index.html").then().statusCode(200)
                .contentType(startsWith("text/html")).body(org.hamcrest.Matchers.containsString("queue.js"));
        RestAssured.given().when().get("/board/queue.js").then().statusCode(200);
        asLead().when().get("/sla/settings").then().statusCode(200)
                .body("notifierUrl", equalTo("http://localhost:8084"));
    }

    @Test
    void theBoardsFilesCarryItsSecurityHeadersAndAreRevalidatedNotKept() {
        for (String file : List.of("index.html", "reports.html", "subscriptions.html", "common.js", "queue.js",
                "board.css")) {
            io.restassured.response.Response response = RestAssured.given().when().get("/board/" + file);
            assertThat(response.statusCode()).as(file).isEqualTo(200);
            assertThat(response.header("Content-Security-Policy")).as(file)
                    .contains("default-src 'none'", "script-src 'self';", "style-src 'self';",
                            "connect-src 'self' http://localhost:8084;", "frame-ancestors 'none'")
                    .doesNotContain("unsafe");
            assertThat(response.header("X-Content-Type-Options")).as(file).isEqualTo("nosniff");
            assertThat(response.header("Referrer-Policy")).as(file).isEqualTo("no-referrer");
            assertThat(response.header("Cache-Control")).as(file).isEqualTo("no-cache");
        }
        // the API keeps its own headers
        assertThat(asLead().when().get("/sla/settings").header("Content-Security-Policy")).isNull();
    }

    private static Map<String, Object> row(List<Map<String, Object>> rows, UUID id) {
        return rows.stream().filter(row -> id.toString().equals(row.get("requestId"))).findFirst()
                .orElseThrow(() -> new AssertionError(id + " not in " + rows));
    }
}
