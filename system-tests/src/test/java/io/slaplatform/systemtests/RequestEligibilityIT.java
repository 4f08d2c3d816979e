package io.slaplatform.systemtests;

import io.restassured.specification.RequestSpecification;
import io.slaplatform.events.Topics;
import io.slaplatform.localstack.ServiceProcess;
import io.slaplatform.testkit.AsyncApiContract;
import io.slaplatform.testkit.EmbeddedKafka;
import io.slaplatform.testkit.EventLog;
import io.slaplatform.testkit.ReceivedEvent;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request posted to intake-service ends ACCEPTED or REJECTED through Kafka: the packaged intake and
 * eligibility services run as separate processes against a real broker and the machine's PostgreSQL.
 */
class RequestEligibilityIT {

    private static EmbeddedKafka kafka;
    private static EventLog events;
    private static PackagedServices services;
    private static ServiceProcess intakeProcess;
    private static String apiKey;
    private static ServiceProcess eligibility;

    @BeforeAll
    static void startSystem() {
        kafka = EmbeddedKafka.start();
        kafka.createTopics(Topics.ALL, 3);
        events = EventLog.of(kafka.bootstrapServers(), Topics.ALL);
        services = new PackagedServices(kafka.bootstrapServers());
        ServiceProcess intake = services.launch("intake-service", "intake-service", services.newSchema(), List.of());
        eligibility = services.launch("eligibility-service", "eligibility-service",
                services.newSchema(), List.of());
        intake.awaitReady(PackagedServices.READY_TIMEOUT);
        eligibility.awaitReady(PackagedServices.READY_TIMEOUT);
        intakeProcess = intake;
        apiKey = services.createApiKey(intake, "system-test-form");
    }

    @AfterAll
    static void stopSystem() {
        PackagedServices.closeAll(services, events, kafka);
    }

    /** As a support agent, who may read requests. */
    private static RequestSpecification intake() {
        return services.as(intakeProcess, PackagedServices.AGENT);
    }

    /** As the customer's web form backend, with its API key. */
    private static String submit(String licenseEmail, String country) {
        return PackagedServices.at(intakeProcess).header("X-API-Key", apiKey).body(Map.of(
                        "licenseEmail", licenseEmail,
                        "contactEmail", "jane.doe@customer.com",
                        "impact", "CRITICAL",
                        "subject", "All processing stopped",
                        "description", "No project completes since the upgrade.",
                        "country", country))
                .when().post("/requests").then().statusCode(201).extract().path("id");
    }

    private static String awaitDecision(String id) {
        return Awaitility.await("decision for " + id).atMost(30, TimeUnit.SECONDS)
                .pollInterval(100, TimeUnit.MILLISECONDS)
                .until(() -> intake().when().get("/requests/" + id).then().statusCode(200).extract()
                        .<String>path("status"), status -> !"SUBMITTED".equals(status));
    }

    @Test
    void requestOfAnEnterpriseLicenseEndsAcceptedWithTheLicenseCountry() {
        String email = "ops-" + UUID.randomUUID() + "@customer.com";
        String licenseId = services.registerEnterpriseLicense(eligibility, email, "US");

        // the license e-mail is matched ignoring case; the submitter says CH, the license says US
        String id = submit(email.toUpperCase(java.util.Locale.ROOT), "CH");

        assertThat(awaitDecision(id)).isEqualTo("ACCEPTED");
        ReceivedEvent accepted = events.await(id, "RequestAccepted", Duration.ofSeconds(10));
        assertThat(accepted.json().path("licenseId").asText()).isEqualTo(licenseId);
        assertThat(accepted.json().path("customerCountry").asText()).isEqualTo("US");
        assertThat(accepted.source()).isEqualTo("/eligibility-service");
        assertThat(events.settle(id, "RequestAccepted", Duration.ofSeconds(1))).hasSize(1);
        AsyncApiContract.load().assertConforms(events.forKey(id));
    }

    @Test
    void requestOfAnUnknownLicenseEmailEndsRejected() {
        String id = submit("nobody-" + UUID.randomUUID() + "@customer.com", "DE");

        assertThat(awaitDecision(id)).isEqualTo("REJECTED");
        intake().when().get("/requests/" + id).then()
                .body("rejectionReason", org.hamcrest.Matchers.equalTo("UNKNOWN_LICENSE_EMAIL"));
        assertThat(events.forKey(id)).extracting(ReceivedEvent::type)
                .containsExactly("RequestSubmitted", "RequestRejected");
        AsyncApiContract.load().assertConforms(events.forKey(id));
    }

    @Test
    void thePackagedServicesRefuseCallersWithoutTheRightCredentials() {
        Map<String, String> body = Map.of("licenseEmail", "x@customer.com", "contactEmail", "y@customer.com",
                "impact", "LIMITED", "subject", "s", "description", "d", "country", "US");
        PackagedServices.at(intakeProcess).body(body).when().post("/requests").then().statusCode(401)
                .header("WWW-Authenticate", org.hamcrest.Matchers.notNullValue());
        PackagedServices.at(intakeProcess).header("X-API-Key", apiKey + "x").body(body).when().post("/requests")
                .then().statusCode(401);
        services.as(intakeProcess, PackagedServices.LEAD).body(body).when().post("/requests").then().statusCode(403);
        PackagedServices.at(eligibility).queryParam("email", "x@customer.com").when().get("/licenses").then()
                .statusCode(401);
        services.as(eligibility, PackagedServices.AGENT).queryParam("email", "x@customer.com").when()
                .get("/licenses").then().statusCode(403);
        PackagedServices.at(intakeProcess).header("X-API-Key", apiKey).when().get("/requests/" + UUID.randomUUID())
                .then().statusCode(403);
    }

    @Test
    void everyEventEmittedSoFarMatchesTheContract() {
        requestOfAnUnknownLicenseEmailEndsRejected();
        List<ReceivedEvent> all = events.all();
        assertThat(all).isNotEmpty();
        AsyncApiContract.load().assertConforms(all);
        assertThat(Files.exists(PackagedServices.ROOT.resolve("docs/asyncapi.yaml"))).isTrue();
    }
}
