package io.slaplatform.loadbench;

import io.slaplatform.localstack.ServiceProcess;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The administrators' calls a scenario makes before its load, through the services' admin APIs, with a token
 * of the run for the {@code admin} role (as system-tests' PackagedServices does).
 */
final class PlatformAdmin {

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(CALL_TIMEOUT).build();
    private final String adminToken;

    PlatformAdmin(BenchStack stack) {
        this.adminToken = stack.token("admin");
    }

    /**
     * Issues an API key for the web form backend {@code backendId} through intake's admin API. The key gets no
     * rate of its own (an override is at most 100,000 a minute): the service's intake.rate-limit.* applies.
     *
     * @return the key, for the {@code X-API-Key} header
     */
    String createApiKey(ServiceProcess intake, String backendId) {
        return call(intake, "POST", "/form-backends/" + backendId + "/api-keys",
                new JsonObject().put("label", "load benchmark"), 201).getString("apiKey");
    }

    /**
     * Registers a month's license for the supported product with eligibility-service and confirms its Enterprise
     * support add-on, both valid since yesterday on {@code clock}.
     *
     * @return the license id
     */
    String registerEnterpriseLicense(ServiceProcess eligibility, String email, String country, Clock clock) {
        Instant now = clock.instant();
        String from = now.minus(Duration.ofDays(1)).toString();
        String until = now.plus(Duration.ofDays(30)).toString();
        String licenseId = call(eligibility, "POST", "/licenses", new JsonObject()
                .put("email", email)
                .put("product", "Pix4Dengine")
                .put("country", country)
                .put("activatedAt", from)
                .put("expiresAt", until), 201).getString("id");
        call(eligibility, "PUT", "/licenses/" + licenseId + "/enterprise-support",
                new JsonObject().put("validFrom", from).put("validUntil", until), 200);
        return licenseId;
    }

    /** Sends {@code body} as the admin and returns the JSON answer, which must have {@code expectedStatus}. */
    private JsonObject call(ServiceProcess service, String method, String path, JsonObject body, int expectedStatus) {
        HttpRequest request = HttpRequest.newBuilder(service.baseUri().resolve(path))
                .timeout(CALL_TIMEOUT)
                .header("Authorization", "Bearer " + adminToken)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body.encode()))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expectedStatus) {
                throw new IllegalStateException(method + " " + path + " on " + service.name() + " answered "
                        + response.statusCode() + " (expected " + expectedStatus + "): " + response.body());
            }
            return new JsonObject(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " on " + service.name() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
