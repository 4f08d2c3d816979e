package io.slaplatform.eligibility;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.slaplatform.events.EnterpriseSupportActivated;
import io.slaplatform.events.EnterpriseSupportCancelled;
import io.slaplatform.events.Topics;
import io.slaplatform.testkit.AsyncApiContract;
import io.slaplatform.testkit.EventLog;
import io.slaplatform.testkit.ReceivedEvent;
import io.slaplatform.testkit.quarkus.KafkaTestResource;
import io.slaplatform.testkit.quarkus.PostgresSchemaTestResource;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static io.slaplatform.eligibility.EligibilityTestSupport.asAdmin;
import static io.slaplatform.eligibility.EligibilityTestSupport.QUIET;
import static io.slaplatform.eligibility.EligibilityTestSupport.UNTIL;
import static io.slaplatform.eligibility.EligibilityTestSupport.FROM;
import static io.slaplatform.eligibility.EligibilityTestSupport.EXPIRES;
import static io.slaplatform.eligibility.EligibilityTestSupport.ACTIVATED;
import static io.slaplatform.eligibility.EligibilityTestSupport.PROBLEM_JSON;
import static io.slaplatform.eligibility.EligibilityTestSupport.cancel;
import static io.slaplatform.eligibility.EligibilityTestSupport.confirm;
import static io.slaplatform.eligibility.EligibilityTestSupport.count;
import static io.slaplatform.eligibility.EligibilityTestSupport.newLicense;
import static io.slaplatform.eligibility.EligibilityTestSupport.post;
import static io.slaplatform.eligibility.EligibilityTestSupport.register;
import static io.slaplatform.eligibility.EligibilityTestSupport.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/** The license registry's admin API, against real PostgreSQL and Kafka. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresSchemaTestResource.class)
class EligibilityLicenseAdminTest extends BeforeTheLicenses {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    AgroalDataSource dataSource;

    private final EventLog events = KafkaTestResource.events();
    private final AsyncApiContract contract = AsyncApiContract.load();

    @Test
    void registeredLicenseIsShownAtItsLocation() {
        String email = "Ops.Team-" + UUID.randomUUID() + "@Customer.Example";
        var response = post(newLicense(email, "US", ACTIVATED, EXPIRES))
                .statusCode(201)
                .contentType(ContentType.JSON)
                .body("email", equalTo(email))
                .body("product", equalTo("Pix4Dengine"))
                .body("country", equalTo("US"))
                .body("activatedAt", equalTo("2026-03-01T00:00:00Z"))
                .body("expiresAt", equalTo("2026-04-01T00:00:00Z"))
                .body("enterpriseSupport.status", equalTo("NONE"))
                .body("enterpriseSupport.validFrom", nullValue())
                .extract();
        String id = response.path("id");

        assertThat(response.header("Location")).endsWith("/licenses/" + id);
        asAdmin().when().get(response.header("Location")).then()
                .statusCode(200)
                .body("id", equalTo(id))
                .body("email", equalTo(email))
                .body("enterpriseSupport.status", equalTo("NONE"));
        assertThat(count(dataSource, "SELECT count(*) FROM license WHERE id = ? AND email_normalized = ?",
                UUID.fromString(id), email.toLowerCase(java.util.Locale.ROOT))).isEqualTo(1);
    }

    @Test
    void countryIsOptional() {
        String id = register(newLicense(uniqueEmail(), null, ACTIVATED, EXPIRES));
        asAdmin().when().get("/licenses/" + id).then().statusCode(200).body("country", nullValue());
    }

    @Test
    void licensesAreListedByEmailIgnoringCase() {
        String local = "Licensing-" + UUID.randomUUID();
        String first = register(newLicense(local + "@Customer.Example", "CH", ACTIVATED, EXPIRES));
        String second = register(newLicense(local.toUpperCase(java.util.Locale.ROOT) + "@CUSTOMER.EXAMPLE", null,
                EXPIRES, EXPIRES.plus(Duration.ofDays(30))));
        register(newLicense(uniqueEmail(), "CH", ACTIVATED, EXPIRES)); // someone else's

        asAdmin().queryParam("email", local.toLowerCase(java.util.Locale.ROOT) + "@customer.example")
                .when().get("/licenses").then()
                .statusCode(200)
                .body("$", hasSize(2))
                .body("id", containsInAnyOrder(first, second));
        asAdmin().queryParam("email", "nobody-" + UUID.randomUUID() + "@customer.example")
                .when().get("/licenses").then()
                .statusCode(200)
                .body("$", hasSize(0));
    }

    @Test
    void listingWithoutAnEmailIsAProblemNamingEmail() {
        asAdmin().when().get("/licenses").then()
                .statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("type", equalTo("https://slaplatform.io/problems/invalid-request"))
                .body("errors.field", hasItem("email"));
        asAdmin().queryParam("email", " ").when().get("/licenses").then()
                .statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("errors.field", hasItem("email"));
    }

    static Stream<Arguments> invalidLicenses() {
        return Stream.of(
                // field, how the body is spoiled
                invalid("email", b -> b.remove("email")),
                invalid("email", b -> b.put("email", "not-an-address")),
                invalid("email", b -> b.put("email", "a".repeat(250) + "@x.ch")),
                // valid by @Email, but not an address the notifier can mail the welcome to
                invalid("email", b -> b.put("email", "=?utf-8?q?x=40attacker.example?=@customer.example")),
                invalid("email", b -> b.put("email", "\"a b\"@customer.example")),
                invalid("email", b -> b.put("email", "x@[127.0.0.1]")),
                invalid("product", b -> b.remove("product")),
                invalid("product", b -> b.put("product", "  ")),
                invalid("product", b -> b.put("product", "p".repeat(101))),
                invalid("product", b -> b.put("product", "Pix4Dengine\nBcc: everyone@example.com")),
                invalid("product", b -> b.put("product", 42)),
                invalid("country", b -> b.put("country", "XX")),
                invalid("country", b -> b.put("country", "ch")),
                invalid("country", b -> b.put("country", "CHE")),
                invalid("activatedAt", b -> b.remove("activatedAt")),
                invalid("activatedAt", b -> b.put("activatedAt", "yesterday")),
                invalid("expiresAt", b -> b.remove("expiresAt")),
                // the validity must not be empty or reversed
                invalid("expiresAt", b -> b.put("expiresAt", b.get("activatedAt"))),
                invalid("expiresAt", b -> b.put("expiresAt", "2026-02-01T00:00:00Z")));
    }

    private static Arguments invalid(String field, Consumer<Map<String, Object>> spoil) {
        return Arguments.of(field, spoil);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("invalidLicenses")
    void invalidLicenseIsAProblemNamingTheFieldAndNothingIsStored(String field, Consumer<Map<String, Object>> spoil) {
        long before = count(dataSource, "SELECT count(*) FROM license");
        Map<String, Object> body = newLicense(uniqueEmail(), "CH", ACTIVATED, EXPIRES);
        spoil.accept(body);

        post(body)
                .statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("type", equalTo("https://slaplatform.io/problems/invalid-request"))
                .body("status", equalTo(400))
                .body("errors.field", hasItem(field))
                .body("instance", equalTo("/licenses"));

        assertThat(count(dataSource, "SELECT count(*) FROM license")).isEqualTo(before);
    }

    @Test
    void missingOrMalformedBodyIsAProblemAboutTheBody() {
        asAdmin().contentType(ContentType.JSON).when().post("/licenses").then()
                .statusCode(400).contentType(PROBLEM_JSON).body("errors.field", hasItem("body"));
        asAdmin().contentType(ContentType.JSON).body("{\"email\": ").when().post("/licenses").then()
                .statusCode(400).contentType(PROBLEM_JSON).body("errors.field", hasItem("body"));
    }

    @Test
    void unknownLicenseIs404Problem() {
        String unknown = "/licenses/" + UUID.randomUUID();
        asAdmin().when().get(unknown).then()
                .statusCode(404).contentType(PROBLEM_JSON)
                .body("type", equalTo("https://slaplatform.io/problems/not-found"));
        confirm(unknown.substring("/licenses/".length()), FROM, UNTIL)
                .statusCode(404).contentType(PROBLEM_JSON);
        cancel(unknown.substring("/licenses/".length()))
                .statusCode(404).contentType(PROBLEM_JSON);
        asAdmin().when().get("/licenses/not-a-uuid").then().statusCode(404).contentType(PROBLEM_JSON);
    }

    @Test
    void confirmingTheAddOnEmitsOneEnterpriseSupportActivatedWithCloudEventsHeaders() {
        String email = uniqueEmail();
        String id = register(newLicense(email, "AU", ACTIVATED, EXPIRES));

        confirm(id, FROM, UNTIL)
                .statusCode(200)
                .body("enterpriseSupport.status", equalTo("CONFIRMED"))
                .body("enterpriseSupport.validFrom", equalTo("2026-03-05T00:00:00Z"))
                .body("enterpriseSupport.validUntil", equalTo("2026-03-25T00:00:00Z"))
                .body("enterpriseSupport.confirmedAt", notNullValue());

        ReceivedEvent event = events.await(id, "EnterpriseSupportActivated", WAIT);
        assertThat(event.topic()).isEqualTo(Topics.SUPPORT_LICENSES);
        assertThat(event.source()).isEqualTo("/eligibility-service");
        assertThat(event.headers()).containsEntry("ce_specversion", "1.0").containsEntry("ce_subject", id)
                .containsEntry("content-type", "application/json");
        assertThat(event.id()).isNotBlank();
        EnterpriseSupportActivated activated = event.as(EnterpriseSupportActivated.class);
        assertThat(activated.licenseId()).hasToString(id);
        assertThat(activated.licenseEmail()).isEqualTo(email);
        assertThat(activated.product()).isEqualTo("Pix4Dengine");
        assertThat(activated.country()).isEqualTo("AU");
        assertThat(activated.validFrom()).isEqualTo(FROM);
        assertThat(activated.validUntil()).isEqualTo(UNTIL);
        assertThat(event.time()).isEqualTo(activated.confirmedAt());
        String confirmedAt = asAdmin().when().get("/licenses/" + id).then().extract()
                .path("enterpriseSupport.confirmedAt");
        assertThat(Instant.parse(confirmedAt)).isEqualTo(activated.confirmedAt());

        // The same window again, as a retried call would send it: nothing changes, nothing is emitted.
        confirm(id, FROM, UNTIL)
                .statusCode(200)
                .body("enterpriseSupport.status", equalTo("CONFIRMED"))
                .body("enterpriseSupport.confirmedAt", equalTo(confirmedAt));
        List<ReceivedEvent> all = events.settle(id, "EnterpriseSupportActivated", QUIET);
        assertThat(all).hasSize(1);
        contract.assertConforms(all);
    }

    @Test
    void confirmingAnotherWindowUpdatesTheAddOnAndEmitsAgain() {
        String id = register(newLicense(uniqueEmail(), "CH", ACTIVATED, EXPIRES));
        confirm(id, FROM, UNTIL).statusCode(200);
        events.await(id, "EnterpriseSupportActivated", WAIT);

        confirm(id, FROM, EXPIRES)
                .statusCode(200)
                .body("enterpriseSupport.validUntil", equalTo("2026-04-01T00:00:00Z"));

        List<ReceivedEvent> all = events.settle(id, "EnterpriseSupportActivated", QUIET);
        assertThat(all).hasSize(2);
        assertThat(all.get(1).as(EnterpriseSupportActivated.class).validUntil()).isEqualTo(EXPIRES);
        contract.assertConforms(all);
        // the first window is kept in the license's history, replaced by the second
        asAdmin().when().get("/licenses/" + id).then().statusCode(200)
                .body("enterpriseSupportHistory.validUntil", contains("2026-03-25T00:00:00Z", "2026-04-01T00:00:00Z"))
                .body("enterpriseSupportHistory[0].endedBy", equalTo("REPLACED"))
                .body("enterpriseSupportHistory[1].endedAt", nullValue());
    }

    /** A license the add-on is refused on: 409 with the reason's problem type; nothing stored or emitted. */
    private void assertRefused(String id, Instant validFrom, Instant validUntil, String reason) {
        long outboxBefore = count(dataSource, "SELECT count(*) FROM outbox_event");
        confirm(id, validFrom, validUntil)
                .statusCode(409).contentType(PROBLEM_JSON)
                .body("type", equalTo("https://slaplatform.io/problems/" + reason))
                .body("detail", containsString(id));
        asAdmin().when().get("/licenses/" + id).then().statusCode(200)
                .body("enterpriseSupport.status", equalTo("NONE"))
                .body("enterpriseSupportHistory", empty());
        assertThat(count(dataSource, "SELECT count(*) FROM outbox_event")).isLessThanOrEqualTo(outboxBefore);
    }

    @Test
    void theAddOnIsRefusedOnALicenseForAnotherProduct() {
        var body = newLicense(uniqueEmail(), "CH", ACTIVATED, EXPIRES);
        body.put("product", "Pix4Dmapper");
        assertRefused(register(body), FROM, UNTIL, "unsupported-product");
    }

    @Test
    void theAddOnIsRefusedOnAnExpiredLicense() {
        String id = register(newLicense(uniqueEmail(), "CH", ACTIVATED, EXPIRES));
        testClock.moveTo(EXPIRES);
        assertRefused(id, FROM, UNTIL, "license-expired");
    }

    @Test
    void theAddOnIsRefusedForAWindowReachingOutsideTheLicense() {
        String id = register(newLicense(uniqueEmail(), "CH", ACTIVATED, EXPIRES));
        assertRefused(id, ACTIVATED.minusSeconds(1), UNTIL, "window-outside-license");
        assertRefused(id, FROM, EXPIRES.plusSeconds(1), "window-outside-license");
        confirm(id, ACTIVATED, EXPIRES).statusCode(200); // the license's own validity exactly
    }

    @Test
    void theAddOnIsRefusedOnALicenseWithoutACountryUntilItIsRecorded() {
        String id = register(newLicense(uniqueEmail(), null, ACTIVATED, EXPIRES));
        assertRefused(id, FROM, UNTIL, "license-without-country");

        asAdmin().contentType(ContentType.JSON).body(Map.of("country", "Zz")).when()
                .put("/licenses/" + id + "/country").then()
                .statusCode(400).contentType(PROBLEM_JSON).body("errors.field", hasItem("country"));
        asAdmin().contentType(ContentType.JSON).body(Map.of("country", "US")).when()
                .put("/licenses/" + id + "/country").then()
                .statusCode(200).body("country", equalTo("US"));
        confirm(id, FROM, UNTIL).statusCode(200);

        // only the accepted confirmation was announced, with the country the welcome mail's hours follow
        List<ReceivedEvent> activated = events.settle(id, "EnterpriseSupportActivated", QUIET);
        assertThat(activated).singleElement()
                .satisfies(e -> assertThat(e.as(EnterpriseSupportActivated.class).country()).isEqualTo("US"));
    }

    @Test
    void theLicenseKeepsTheHistoryOfItsAddOnConfirmationsAndCancellations() {
        String id = register(newLicense(uniqueEmail(), "CH", ACTIVATED, EXPIRES));
        confirm(id, FROM, UNTIL).statusCode(200);
        testClock.advance(Duration.ofHours(1));
        String cancelledAt = cancel(id).statusCode(200).extract().path("enterpriseSupport.cancelledAt");
        testClock.advance(Duration.ofHours(1));
        confirm(id, FROM, UNTIL).statusCode(200);

        asAdmin().when().get("/licenses/" + id).then().statusCode(200)
                .body("enterpriseSupport.status", equalTo("CONFIRMED"))
                .body("enterpriseSupportHistory", hasSize(2))
                .body("enterpriseSupportHistory[0].endedBy", equalTo("CANCELLED"))
                .body("enterpriseSupportHistory[0].endedAt", equalTo(cancelledAt))
                .body("enterpriseSupportHistory[1].endedBy", nullValue());
    }

    @Test
    void emptyOrMissingWindowIsAProblemNamingTheFieldAndNothingIsEmitted() {
        String id = register(newLicense(uniqueEmail(), "CH", ACTIVATED, EXPIRES));
        long outboxBefore = count(dataSource, "SELECT count(*) FROM outbox_event");

        confirm(id, UNTIL, FROM)
                .statusCode(400).contentType(PROBLEM_JSON).body("errors.field", hasItem("validUntil"));
        confirm(id, FROM, FROM)
                .statusCode(400).contentType(PROBLEM_JSON).body("errors.field", hasItem("validUntil"));
        asAdmin().contentType(ContentType.JSON).body(Map.of("validUntil", UNTIL.toString()))
                .when().put("/licenses/" + id + "/enterprise-support").then()
                .statusCode(400).contentType(PROBLEM_JSON).body("errors.field", hasItem("validFrom"));
        asAdmin().contentType(ContentType.JSON).when().put("/licenses/" + id + "/enterprise-support").then()
                .statusCode(400).contentType(PROBLEM_JSON).body("errors.field", hasItem("body"));

        asAdmin().when().get("/licenses/" + id).then().body("enterpriseSupport.status", equalTo("NONE"));
        assertThat(count(dataSource, "SELECT count(*) FROM outbox_event")).isLessThanOrEqualTo(outboxBefore);
        assertThat(events.settle(id, "EnterpriseSupportActivated", QUIET)).isEmpty();
    }

    @Test
    void cancellingTheAddOnEmitsEnterpriseSupportCancelled() {
        String email = uniqueEmail();
        String id = register(newLicense(email, "CH", ACTIVATED, EXPIRES));
        confirm(id, FROM, UNTIL).statusCode(200);

        String cancelledAt = cancel(id)
                .statusCode(200)
                .body("enterpriseSupport.status", equalTo("CANCELLED"))
                .body("enterpriseSupport.validFrom", equalTo("2026-03-05T00:00:00Z"))
                .extract().path("enterpriseSupport.cancelledAt");

        ReceivedEvent event = events.await(id, "EnterpriseSupportCancelled", WAIT);
        assertThat(event.topic()).isEqualTo(Topics.SUPPORT_LICENSES);
        assertThat(event.source()).isEqualTo("/eligibility-service");
        EnterpriseSupportCancelled cancelled = event.as(EnterpriseSupportCancelled.class);
        assertThat(cancelled.licenseId()).hasToString(id);
        assertThat(cancelled.licenseEmail()).isEqualTo(email);
        assertThat(cancelled.cancelledAt()).isEqualTo(Instant.parse(cancelledAt));
        // Kafka keeps one license's events in order: the activation comes first.
        assertThat(events.forKey(id).stream().map(ReceivedEvent::type))
                .containsExactly("EnterpriseSupportActivated", "EnterpriseSupportCancelled");
        contract.assertConforms(events.forKey(id));
    }

    @Test
    void cancellingWithoutAConfirmedAddOnIs409() {
        String id = register(newLicense(uniqueEmail(), "CH", ACTIVATED, EXPIRES));
        cancel(id)
                .statusCode(409)
                .contentType(PROBLEM_JSON)
                .body("type", equalTo("https://slaplatform.io/problems/no-enterprise-support"));

        confirm(id, FROM, UNTIL).statusCode(200);
        cancel(id).statusCode(200);
        cancel(id).statusCode(409).contentType(PROBLEM_JSON);
        assertThat(events.settle(id, "EnterpriseSupportCancelled", QUIET)).hasSize(1);
    }

    @Test
    void cancelledAddOnCanBeConfirmedAgain() {
        String id = register(newLicense(uniqueEmail(), "CH", ACTIVATED, EXPIRES));
        confirm(id, FROM, UNTIL).statusCode(200);
        cancel(id).statusCode(200);

        // The same window as before: after a cancellation it is a new confirmation, not a retry.
        confirm(id, FROM, UNTIL)
                .statusCode(200)
                .body("enterpriseSupport.status", equalTo("CONFIRMED"))
                .body("enterpriseSupport.cancelledAt", nullValue());

        assertThat(events.settle(id, "EnterpriseSupportActivated", QUIET)).hasSize(2);
        contract.assertConforms(events.forKey(id));
    }
}
