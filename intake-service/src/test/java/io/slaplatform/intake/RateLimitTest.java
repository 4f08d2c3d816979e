package io.slaplatform.intake;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.slaplatform.testkit.EventLog;
import io.slaplatform.testkit.quarkus.KafkaTestResource;
import io.slaplatform.testkit.quarkus.PostgresSchemaTestResource;
import io.slaplatform.testkit.security.TestTokens;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static io.slaplatform.intake.IntakeTestSupport.API_KEY;
import static io.slaplatform.intake.IntakeTestSupport.count;
import static io.slaplatform.intake.IntakeTestSupport.issueKey;
import static io.slaplatform.intake.IntakeTestSupport.validRequest;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each form backend's posts are limited per API key (or JWT subject): a burst, then 429 with {@code Retry-After}
 * and nothing stored or emitted; the limit is checked before the body is even parsed; other keys are unaffected.
 * The token bucket's refill over time is unit-tested in platform-runtime (TokenBucketsTest, with a fake clock).
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresSchemaTestResource.class)
class RateLimitTest {

    private static final String PROBLEM_JSON = "application/problem+json";

    @Inject
    AgroalDataSource dataSource;

    private final EventLog events = KafkaTestResource.events();

    private static Response post(RequestSpecification as, Object body) {
        return as.contentType(ContentType.JSON).body(body).when().post("/requests").andReturn();
    }

    private static Supplier<RequestSpecification> withKey(String apiKey) {
        return () -> given().header(API_KEY, apiKey);
    }

    private long requests() {
        return count(dataSource, "SELECT count(*) FROM support_request");
    }

    private long outbox() {
        return count(dataSource, "SELECT count(*) FROM outbox_event");
    }

    @Test
    void aKeyGetsItsRateThen429WithRetryAfterAndNothingIsStoredOrEmitted() {
        String backend = "throttled-" + UUID.randomUUID().toString().substring(0, 8);
        Supplier<RequestSpecification> key = withKey(issueKey(backend, 3));
        for (int i = 0; i < 3; i++) {
            Response accepted = post(key.get(), validRequest());
            assertThat(accepted.statusCode()).as("post %s of 3", i + 1).isEqualTo(201);
            events.await(accepted.jsonPath().getString("id"), "RequestSubmitted", Duration.ofSeconds(10));
        }
        Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> outbox() == 0); // relayed and deleted
        long requestsBefore = requests();
        int eventsBefore = events.all().size();
        Map<String, Object> refused = validRequest();

        Response throttled = post(key.get(), refused);

        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.contentType()).startsWith(PROBLEM_JSON);
        assertThat(throttled.jsonPath().getString("type")).isEqualTo("https://slaplatform.io/problems/rate-limited");
        assertThat(throttled.jsonPath().getInt("status")).isEqualTo(429);
        assertThat(throttled.jsonPath().getString("instance")).isEqualTo("/requests");
        long retryAfter = Long.parseLong(throttled.header("Retry-After"));
        assertThat(retryAfter).as("seconds until the next of 3 tokens a minute").isBetween(1L, 20L);
        assertThat(requests()).isEqualTo(requestsBefore);
        assertThat(outbox()).isZero();
        assertThat(count(dataSource, "SELECT count(*) FROM support_request WHERE subject = ?", refused.get("subject")))
                .isZero();
        events.settle("-", "-", Duration.ofMillis(500));
        assertThat(events.all()).hasSize(eventsBefore);
    }

    @Test
    void aThrottledKeyGets429BeforeItsBodyIsParsedOrValidated() {
        Supplier<RequestSpecification> key = withKey(issueKey("throttled-bodies", 1));
        assertThat(post(key.get(), validRequest()).statusCode()).isEqualTo(201);

        assertThat(post(key.get(), Map.of("subject", "no other field")).statusCode()).as("invalid body")
                .isEqualTo(429);
        assertThat(post(key.get(), "{\"licenseEmail\": ").statusCode()).as("malformed JSON").isEqualTo(429);
        // (A body that is not application/json matches no endpoint: its 415 comes before any credential check.)
    }

    @Test
    void anotherKeyOfTheSameBackendOrAnotherBackendIsUnaffected() {
        String backend = "throttled-" + UUID.randomUUID().toString().substring(0, 8);
        Supplier<RequestSpecification> first = withKey(issueKey(backend, 1));
        Supplier<RequestSpecification> second = withKey(issueKey(backend, 1));
        Supplier<RequestSpecification> other = withKey(issueKey(backend + "-other", 1));
        assertThat(post(first.get(), validRequest()).statusCode()).isEqualTo(201);
        assertThat(post(first.get(), validRequest()).statusCode()).isEqualTo(429);

        assertThat(post(second.get(), validRequest()).statusCode()).isEqualTo(201);
        assertThat(post(other.get(), validRequest()).statusCode()).isEqualTo(201);
        assertThat(post(first.get(), validRequest()).statusCode()).as("the first key is still throttled")
                .isEqualTo(429);
    }

    @Test
    void aFormBackendTokenIsLimitedByItsSubjectAtTheConfiguredRate() {
        String subject = "jwt-form-" + UUID.randomUUID().toString().substring(0, 8);
        Supplier<RequestSpecification> token = () -> given().auth().oauth2(TestTokens.formBackend(subject));
        // intake.rate-limit.burst = 20, per-minute = 60: twenty at once, then one a second.
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            statuses.add(post(token.get(), Map.of()).statusCode());
        }
        assertThat(statuses).as("a burst of 20 (empty bodies, refused as invalid)").containsOnly(400);
        int throttledAt = -1;
        for (int i = 0; i < 30 && throttledAt < 0; i++) {
            if (post(token.get(), Map.of()).statusCode() == 429) {
                throttledAt = i;
            }
        }
        assertThat(throttledAt).as("a 429 soon after the burst (one token a second refills)").isNotNegative();

        String other = "jwt-form-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(post(given().auth().oauth2(TestTokens.formBackend(other)), validRequest()).statusCode())
                .as("another subject").isEqualTo(201);
    }

    @Test
    void anonymousAndStaffCallersNeverReachTheLimiter() {
        for (int i = 0; i < 25; i++) {
            assertThat(post(given(), validRequest()).statusCode()).isEqualTo(401);
        }
        assertThat(post(given().auth().oauth2(TestTokens.agent()), validRequest()).statusCode()).isEqualTo(403);
    }
}
