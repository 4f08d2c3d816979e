package io.slaplatform.intake;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.slaplatform.testkit.EventLog;
import io.slaplatform.testkit.quarkus.KafkaTestResource;
import io.slaplatform.testkit.quarkus.PostgresSchemaTestResource;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static io.slaplatform.intake.IntakeTestSupport.API_KEY;
import static io.slaplatform.intake.IntakeTestSupport.asAgent;
import static io.slaplatform.intake.IntakeTestSupport.asFormBackend;
import static io.slaplatform.intake.IntakeTestSupport.count;
import static io.slaplatform.intake.IntakeTestSupport.issueKey;
import static io.slaplatform.intake.IntakeTestSupport.validRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresSchemaTestResource.class)
class IdempotencyKeyTest {

    @Inject
    AgroalDataSource dataSource;

    private final EventLog events = KafkaTestResource.events();

    private static ExtractableResponse<Response> postWithKey(Map<String, Object> body, String key) {
        return asFormBackend().contentType(ContentType.JSON).header("Idempotency-Key", key).body(body)
                .when().post("/requests").then().extract();
    }

    private static ExtractableResponse<Response> postWithKey(String apiKey, Map<String, Object> body, String key) {
        return given().header(API_KEY, apiKey).contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body(body).when().post("/requests").then().extract();
    }

    private long requestsWithSubject(Object subject) {
        return count(dataSource, "SELECT count(*) FROM support_request WHERE subject = ?", subject);
    }

    @Test
    void retriedPostWithTheSameKeyReturnsTheFirstRequestWithoutASecondRequestOrEvent() {
        Map<String, Object> body = validRequest();
        String key = UUID.randomUUID().toString();

        ExtractableResponse<Response> first = postWithKey(body, key);
        ExtractableResponse<Response> retry = postWithKey(body, key);

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(retry.statusCode()).isEqualTo(201);
        String id = first.path("id");
        assertThat(retry.<String>path("id")).isEqualTo(id);
        assertThat(retry.header("Location")).isEqualTo(first.header("Location"));
        assertThat(first.header("Idempotent-Replayed")).isNull();
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(requestsWithSubject(body.get("subject"))).isEqualTo(1);
        assertThat(events.settle(id, "RequestSubmitted", Duration.ofSeconds(2))).hasSize(1);
    }

    @Test
    void aReplayReturnsTheFirstAnswerNeverTheRequestsLaterState() {
        Map<String, Object> body = validRequest();
        String key = UUID.randomUUID().toString();
        ExtractableResponse<Response> first = postWithKey(body, key);
        String id = first.path("id");
        asAgent().contentType(ContentType.JSON).body(Map.of("impact", "CRITICAL", "reason", "whole site down"))
                .when().put("/requests/" + id + "/impact").then().statusCode(200);
        asAgent().contentType(ContentType.JSON).body(Map.of("kind", "ACTION_PLAN", "text", "Secret workaround: ..."))
                .when().post("/requests/" + id + "/responses").then().statusCode(201);

        ExtractableResponse<Response> retry = postWithKey(body, key);

        assertThat(retry.statusCode()).isEqualTo(201);
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(retry.<Object>path("")).isEqualTo(first.<Object>path(""));
        assertThat(retry.<String>path("impact")).isEqualTo("MAJOR");
        assertThat(retry.asString()).doesNotContain("Secret workaround");
    }

    @Test
    void aKeyIsScopedToTheFormBackendThatSentIt() {
        String backendA = issueKey("idem-a-" + UUID.randomUUID(), null);
        String backendB = issueKey("idem-b-" + UUID.randomUUID(), null);
        Map<String, Object> body = validRequest();
        String key = "order-" + UUID.randomUUID();

        ExtractableResponse<Response> fromA = postWithKey(backendA, body, key);
        ExtractableResponse<Response> sameBodyFromB = postWithKey(backendB, body, key);
        Map<String, Object> other = validRequest();
        ExtractableResponse<Response> otherBodyFromB = postWithKey(backendB, other, key);
        ExtractableResponse<Response> retryFromA = postWithKey(backendA, body, key);

        assertThat(fromA.statusCode()).isEqualTo(201);
        assertThat(sameBodyFromB.statusCode()).isEqualTo(201);
        assertThat(sameBodyFromB.header("Idempotent-Replayed")).isNull();
        assertThat(sameBodyFromB.<String>path("id")).isNotEqualTo(fromA.path("id"));
        // B's own key now: its own first answer again, and a 422 for another body, as for any key of B's
        assertThat(otherBodyFromB.statusCode()).isEqualTo(422);
        assertThat(retryFromA.<String>path("id")).isEqualTo(fromA.path("id"));
        assertThat(retryFromA.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(requestsWithSubject(body.get("subject"))).isEqualTo(2);
        assertThat(requestsWithSubject(other.get("subject"))).isZero();
    }

    @Test
    void sameBodyWithoutAKeyCreatesTwoRequests() {
        Map<String, Object> body = validRequest();
        asFormBackend().contentType(ContentType.JSON).body(body).post("/requests").then().statusCode(201);
        asFormBackend().contentType(ContentType.JSON).body(body).post("/requests").then().statusCode(201);
        assertThat(requestsWithSubject(body.get("subject"))).isEqualTo(2);
    }

    @Test
    void reusingAKeyForADifferentBodyIs422AndStoresNothing() {
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = validRequest();
        postWithKey(body, key);
        Map<String, Object> other = validRequest();

        asFormBackend().contentType(ContentType.JSON).header("Idempotency-Key", key).body(other)
                .when().post("/requests").then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("https://slaplatform.io/problems/idempotency-key-reused"));
        assertThat(requestsWithSubject(other.get("subject"))).isZero();
    }

    @Test
    void malformedKeyIsAProblemNamingTheHeader() {
        asFormBackend().contentType(ContentType.JSON).header("Idempotency-Key", "x".repeat(256)).body(validRequest())
                .when().post("/requests").then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("Idempotency-Key"));
    }

    @Test
    void concurrentRetriesWithTheSameKeyCreateOneRequest() throws Exception {
        Map<String, Object> body = validRequest();
        String key = UUID.randomUUID().toString();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<ExtractableResponse<Response>>> posts = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                posts.add(() -> postWithKey(body, key));
            }
            List<Future<ExtractableResponse<Response>>> results = pool.invokeAll(posts);
            Set<String> ids = results.stream().map(f -> {
                try {
                    ExtractableResponse<Response> r = f.get();
                    assertThat(r.statusCode()).isEqualTo(201);
                    return r.<String>path("id");
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }).collect(Collectors.toSet());
            assertThat(ids).hasSize(1);
            assertThat(requestsWithSubject(body.get("subject"))).isEqualTo(1);
            assertThat(events.settle(ids.iterator().next(), "RequestSubmitted", Duration.ofSeconds(2))).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }
}
