package io.slaplatform.intake;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.slaplatform.events.Topics;
import io.slaplatform.testkit.AsyncApiContract;
import io.slaplatform.testkit.EventLog;
import io.slaplatform.testkit.ReceivedEvent;
import io.slaplatform.testkit.quarkus.KafkaTestResource;
import io.slaplatform.testkit.quarkus.PostgresSchemaTestResource;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static io.slaplatform.intake.IntakeTestSupport.asAgent;
import static io.slaplatform.intake.IntakeTestSupport.asFormBackend;
import static io.slaplatform.intake.IntakeTestSupport.count;
import static io.slaplatform.intake.IntakeTestSupport.post;
import static io.slaplatform.intake.IntakeTestSupport.submit;
import static io.slaplatform.intake.IntakeTestSupport.validRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresSchemaTestResource.class)
class RequestSubmissionTest {

    private static final String PROBLEM_JSON = "application/problem+json";

    @Inject
    AgroalDataSource dataSource;

    /** The clock of the service under test: this test's "now". */
    @Inject
    Clock clock;

    private final EventLog events = KafkaTestResource.events();

    @Test
    void validRequestIsStoredAndEmitsRequestSubmittedWithCloudEventsHeaders() {
        Map<String, Object> body = validRequest();
        String id = submit(body);
        asAgent().when().get("/requests/" + id).then()
                .statusCode(200)
                .body("status", equalTo("SUBMITTED"))
                .body("impact", equalTo("MAJOR"))
                .body("subject", equalTo(body.get("subject")))
                .body("history.type", hasItem("SUBMITTED"));

        ReceivedEvent event = events.await(id, "RequestSubmitted", Duration.ofSeconds(10));
        assertThat(event.topic()).isEqualTo(Topics.SUPPORT_REQUESTS);
        assertThat(event.source()).isEqualTo("/intake-service");
        assertThat(event.headers()).containsEntry("ce_specversion", "1.0").containsEntry("ce_subject", id);
        assertThat(event.id()).isNotBlank();
        assertThat(event.time()).isBefore(clock.instant().plusSeconds(1));
        assertThat(event.json().path("licenseEmail").asText()).isEqualTo("ops@customer.example");
        assertThat(event.json().path("country").asText()).isEqualTo("CH");
        assertThat(event.json().path("submittedAt").asText()).isEqualTo(event.headers().get("ce_time"));
        AsyncApiContract.load().assertConforms(java.util.List.of(event));
    }

    @Test
    void locationHeaderNamesTheCreatedRequest() {
        var response = post(validRequest()).statusCode(201).extract();
        String id = response.path("id");
        assertThat(response.header("Location")).endsWith("/requests/" + id);
        asAgent().when().get(response.header("Location")).then().statusCode(200).body("id", equalTo(id));
    }

    static Stream<Arguments> invalidBodies() {
        return Stream.of(
                // field, how the body is spoiled
                invalid("licenseEmail", b -> b.remove("licenseEmail")),
                invalid("licenseEmail", b -> b.put("licenseEmail", "not-an-address")),
                invalid("licenseEmail", b -> b.put("licenseEmail", "a".repeat(250) + "@x.ch")),
                invalid("contactEmail", b -> b.put("contactEmail", "")),
                invalid("impact", b -> b.remove("impact")),
                invalid("impact", b -> b.put("impact", "URGENT")),
                invalid("impact", b -> b.put("impact", 3)),
                invalid("subject", b -> b.put("subject", "  ")),
                invalid("subject", b -> b.put("subject", "x".repeat(201))),
                invalid("subject", b -> b.put("subject", "Hello\r\nBcc: everyone@example.com")),
                invalid("description", b -> b.remove("description")),
                invalid("description", b -> b.put("description", "d".repeat(20_001))),
                invalid("country", b -> b.remove("country")),
                invalid("country", b -> b.put("country", "XX")),
                invalid("country", b -> b.put("country", "ch")),
                invalid("country", b -> b.put("country", "CHE")),
                invalid("locale", b -> b.put("locale", "not a locale")),
                invalid("subject", b -> b.put("subject", Map.of("nested", "object"))));
    }

    private static Arguments invalid(String field, Consumer<Map<String, Object>> spoil) {
        return Arguments.of(field, spoil);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("invalidBodies")
    void invalidBodyIsAProblemNamingTheFieldAndNothingIsStoredOrEmitted(String field,
                                                                        Consumer<Map<String, Object>> spoil) {
        long requestsBefore = count(dataSource, "SELECT count(*) FROM support_request");
        long outboxBefore = count(dataSource, "SELECT count(*) FROM outbox_event");
        int eventsBefore = events.all().size();
        Map<String, Object> body = validRequest();
        spoil.accept(body);

        post(body)
                .statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("type", equalTo("https://slaplatform.io/problems/invalid-request"))
                .body("status", equalTo(400))
                .body("errors.field", hasItem(field))
                .body("instance", equalTo("/requests"));

        assertThat(count(dataSource, "SELECT count(*) FROM support_request")).isEqualTo(requestsBefore);
        assertThat(count(dataSource, "SELECT count(*) FROM outbox_event")).isEqualTo(outboxBefore);
        events.settle("-", "-", Duration.ofMillis(300));
        assertThat(events.all()).hasSize(eventsBefore);
    }

    @Test
    void malformedJsonIsAProblemAboutTheBody() {
        asFormBackend().contentType(ContentType.JSON).body("{\"licenseEmail\": ").when().post("/requests").then()
                .statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("errors.field", hasItem("body"));
    }

    @Test
    void missingBodyIsAProblemAboutTheBody() {
        asFormBackend().contentType(ContentType.JSON).when().post("/requests").then()
                .statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("errors.field", hasItem("body"));
    }

    @Test
    void wrongContentTypeIs415() {
        asFormBackend().contentType(ContentType.TEXT).body("licenseEmail=ops@customer.example").when().post("/requests")
                .then()
                .statusCode(415)
                .contentType(PROBLEM_JSON)
                .body("type", equalTo("https://slaplatform.io/problems/unsupported-media-type"));
    }

    @Test
    void unknownRequestIs404Problem() {
        asAgent().when().get("/requests/" + java.util.UUID.randomUUID()).then()
                .statusCode(404)
                .contentType(PROBLEM_JSON)
                .body("type", equalTo("https://slaplatform.io/problems/not-found"));
        asAgent().when().get("/requests/not-a-uuid").then()
                .statusCode(404)
                .contentType(PROBLEM_JSON);
    }

    @Test
    void localeIsOptional() {
        Map<String, Object> body = validRequest();
        body.remove("locale");
        String id = submit(body);
        asAgent().when().get("/requests/" + id).then().statusCode(200).body("status", equalTo("SUBMITTED"))
                .body("locale", org.hamcrest.Matchers.nullValue());
    }
}
