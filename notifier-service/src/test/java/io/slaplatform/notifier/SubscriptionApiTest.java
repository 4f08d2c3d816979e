package io.slaplatform.notifier;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.slaplatform.testkit.quarkus.KafkaTestResource;
import io.slaplatform.testkit.quarkus.PostgresSchemaTestResource;
import io.slaplatform.testkit.quarkus.SmtpTestResource;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static io.slaplatform.notifier.NotifierTestSupport.PROBLEM_JSON;
import static io.slaplatform.notifier.NotifierTestSupport.asLead;
import static io.slaplatform.notifier.NotifierTestSupport.count;
import static io.slaplatform.notifier.NotifierTestSupport.deleteAllSubscriptions;
import static io.slaplatform.notifier.NotifierTestSupport.postSubscription;
import static io.slaplatform.notifier.NotifierTestSupport.subscribe;
import static io.slaplatform.notifier.NotifierTestSupport.subscription;
import static io.slaplatform.notifier.NotifierTestSupport.unique;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.containsStringIgnoringCase;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/** The subscriptions API: create, list, read, replace, delete; bad input is a problem naming the field. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresSchemaTestResource.class)
@WithTestResource(SmtpTestResource.class)
class SubscriptionApiTest {

    @Inject
    AgroalDataSource dataSource;

    @AfterEach
    void cleanUp() {
        deleteAllSubscriptions();
    }

    @Test
    void aSubscriptionIsCreatedShownListedReplacedAndDeleted() {
        String lead = unique("Lead");
        Map<String, Object> body = new LinkedHashMap<>(subscription(lead, "DeadlineApproaching", "Breached", "Breached"));
        body.put("minimumImpact", "MAJOR");
        body.put("calendars", List.of("swiss", "us-pacific"));
        body.put("locale", "de-CH");

        var created = postSubscription(body).statusCode(201).contentType(ContentType.JSON)
                .body("email", equalTo(lead))
                .body("eventTypes", contains("DeadlineApproaching", "Breached")) // a set, in a stable order
                .body("minimumImpact", equalTo("MAJOR"))
                .body("calendars", contains("swiss", "us-pacific"))
                .body("locale", equalTo("de-CH"))
                .body("createdAt", notNullValue())
                .extract();
        String id = created.path("id");
        assertThat(created.header("Location")).endsWith("/subscriptions/" + id);

        asLead().when().get("/subscriptions/" + id).then().statusCode(200).body("id", equalTo(id))
                .body("email", equalTo(lead));
        subscribe(subscription(unique("other"), "Breached"));
        asLead().when().get("/subscriptions").then().statusCode(200).body("$", hasSize(2));
        asLead().queryParam("email", lead.toLowerCase(java.util.Locale.ROOT)).when().get("/subscriptions").then()
                .statusCode(200).body("$", hasSize(1)).body("[0].id", equalTo(id));

        asLead().contentType(ContentType.JSON).body(subscription(lead, "ClockStarted", "ResponseLate"))
                .when().put("/subscriptions/" + id).then().statusCode(200)
                .body("id", equalTo(id))
                .body("eventTypes", contains("ClockStarted", "ResponseLate"))
                .body("minimumImpact", nullValue())
                .body("calendars", hasSize(0))
                .body("locale", nullValue())
                .body("createdAt", equalTo(created.path("createdAt")));

        asLead().when().delete("/subscriptions/" + id).then().statusCode(204);
        asLead().when().get("/subscriptions/" + id).then().statusCode(404).contentType(PROBLEM_JSON);
        asLead().when().delete("/subscriptions/" + id).then().statusCode(404).contentType(PROBLEM_JSON);
        assertThat(count(dataSource, "SELECT count(*) FROM subscription WHERE id = ?", UUID.fromString(id))).isZero();
    }

    @Test
    void unknownSubscriptionsAre404Problems() {
        asLead().when().get("/subscriptions/" + UUID.randomUUID()).then().statusCode(404).contentType(PROBLEM_JSON)
                .body("type", equalTo("https://slaplatform.io/problems/not-found"));
        asLead().contentType(ContentType.JSON).body(subscription(unique("lead"), "Breached"))
                .when().put("/subscriptions/" + UUID.randomUUID()).then().statusCode(404).contentType(PROBLEM_JSON);
        asLead().when().get("/subscriptions/not-a-uuid").then().statusCode(404).contentType(PROBLEM_JSON);
    }

    static Stream<Arguments> invalidBodies() {
        return Stream.of(
                // field named, how the body is spoiled
                invalid("email", b -> b.remove("email")),
                invalid("email", b -> b.put("email", " ")),
                invalid("email", b -> b.put("email", "not-an-address")),
                invalid("email", b -> b.put("email", "lead@vendor.example\r\nBcc: evil@attacker.example")),
                invalid("email", b -> b.put("email", "Lead <lead@vendor.example>")),
                invalid("email", b -> b.put("email", "a".repeat(250) + "@x.ch")),
                invalid("email", b -> b.put("email", 42)),
                invalid("eventTypes", b -> b.remove("eventTypes")),
                invalid("eventTypes", b -> b.put("eventTypes", List.of())),
                invalid("eventTypes[0]", b -> b.put("eventTypes", List.of("Nope"))),
                invalid("eventTypes[1]", b -> b.put("eventTypes", List.of("Breached", "RequestSubmitted"))),
                invalid("eventTypes[0]", b -> b.put("eventTypes", List.of(3))),
                invalid("eventTypes", b -> b.put("eventTypes", Arrays.asList((Object) null))),
                invalid("eventTypes", b -> b.put("eventTypes", "Breached")),
                invalid("minimumImpact", b -> b.put("minimumImpact", "HUGE")),
                invalid("minimumImpact", b -> b.put("minimumImpact", 3)),
                invalid("calendars[0]", b -> b.put("calendars", List.of("mars"))),
                invalid("calendars[1]", b -> b.put("calendars", List.of("swiss", "Swiss"))),
                invalid("calendars", b -> b.put("calendars", List.of(" "))),
                invalid("calendars", b -> b.put("calendars", new ArrayList<>(java.util.Collections.nCopies(21, "swiss")))),
                invalid("locale", b -> b.put("locale", "not a tag")),
                invalid("locale", b -> b.put("locale", "de_CH")),
                invalid("locale", b -> b.put("locale", "de-CH\r\nX: y")));
    }

    private static Arguments invalid(String field, Consumer<Map<String, Object>> spoil) {
        return Arguments.of(field, spoil);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("invalidBodies")
    void invalidSubscriptionIsAProblemNamingTheFieldAndNothingIsStored(String field,
                                                                       Consumer<Map<String, Object>> spoil) {
        String existing = subscribe(subscription(unique("kept"), "Breached"));
        long before = count(dataSource, "SELECT count(*) FROM subscription");
        Map<String, Object> body = new LinkedHashMap<>(subscription(unique("lead"), "Breached"));
        spoil.accept(body);

        postSubscription(body).statusCode(400).contentType(PROBLEM_JSON)
                .body("type", equalTo("https://slaplatform.io/problems/invalid-request"))
                .body("status", equalTo(400))
                .body("errors.field", hasItem(field))
                .body("instance", equalTo("/subscriptions"));
        // the same body as a replacement changes nothing either
        asLead().contentType(ContentType.JSON).body(body).when().put("/subscriptions/" + existing).then()
                .statusCode(400).contentType(PROBLEM_JSON).body("errors.field", hasItem(field));

        assertThat(count(dataSource, "SELECT count(*) FROM subscription")).isEqualTo(before);
        asLead().when().get("/subscriptions/" + existing).then().statusCode(200)
                .body("eventTypes", contains("Breached"));
    }

    @Test
    void missingOrMalformedBodyIsAProblemAboutTheBody() {
        asLead().contentType(ContentType.JSON).when().post("/subscriptions").then()
                .statusCode(400).contentType(PROBLEM_JSON).body("errors.field", hasItem("body"));
        asLead().contentType(ContentType.JSON).body("{\"email\": ").when().post("/subscriptions").then()
                .statusCode(400).contentType(PROBLEM_JSON).body("errors.field", hasItem("body"));
        asLead().queryParam("email", " ").when().get("/subscriptions").then()
                .statusCode(400).contentType(PROBLEM_JSON).body("errors.field", hasItem("email"));
    }

    /**
     * The lead board, served by sla-clock-service from another origin, manages subscriptions in the browser: the
     * notifier answers the preflight and the call for the board's origin (the local stack's by default), and
     * grants no other origin.
     */
    @Test
    void theLeadBoardsOriginMayCallTheApiFromABrowserAndNoOtherMay() {
        String board = "http://localhost:8083";
        given().header("Origin", board).header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .when().options("/subscriptions")
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", board)
                .header("Access-Control-Allow-Methods", containsString("POST"))
                .header("Access-Control-Allow-Headers", containsStringIgnoringCase("Authorization"));
        asLead().header("Origin", board).when().get("/subscriptions")
                .then().statusCode(200).header("Access-Control-Allow-Origin", board);

        given().header("Origin", "https://attacker.example").header("Access-Control-Request-Method", "DELETE")
                .when().options("/subscriptions")
                .then().header("Access-Control-Allow-Origin", nullValue());
        asLead().header("Origin", "https://attacker.example").when().get("/subscriptions")
                .then().header("Access-Control-Allow-Origin", nullValue());
    }
}
