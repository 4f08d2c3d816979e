package io.slaplatform.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slaplatform.testkit.security.JwtMinter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * The local stack's credentials. A signing key pair is made at start and kept in memory only: the services get
 * its public key, the developer gets staff tokens signed with it and an API key for a web form backend, created
 * through intake's admin API. A restart makes a new key, so old tokens stop working with the stack that issued
 * them. Nothing here is fit for production, where tokens come from the organisation's identity provider.
 */
final class DevCredentials {

    static final String ISSUER = "http://local-stack";
    static final String FORM_BACKEND = "local-web-form";
    static final Duration LIFETIME = Duration.ofHours(12);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JwtMinter minter;

    DevCredentials(Clock clock) {
        this.minter = new JwtMinter(JwtMinter.newKeyPair(), ISSUER, clock);
    }

    /** What every service needs to verify the stack's tokens. */
    Map<String, String> serviceEnv() {
        return minter.verifierEnvironment();
    }

    /** Ready-to-use credentials for the walkthrough. */
    record Issued(String agentToken, String leadToken, String adminToken, String formBackendToken, String apiKey) {

        /** Shell lines to {@code source}: the names the walkthrough's curl commands use. */
        String asEnvFile() {
            return "# Credentials of the running local stack; valid until it stops (or for " + LIFETIME.toHours()
                    + " h). Never commit.\n"
                    + "export SLA_AGENT_TOKEN='" + agentToken + "'\n"
                    + "export SLA_LEAD_TOKEN='" + leadToken + "'\n"
                    + "export SLA_ADMIN_TOKEN='" + adminToken + "'\n"
                    + "export SLA_FORM_TOKEN='" + formBackendToken + "'\n"
                    + "export SLA_API_KEY='" + apiKey + "'\n";
        }
    }

    /**
     * Mints the staff tokens and creates the web form backend's API key through intake's admin API.
     *
     * @throws LocalStackException when intake refuses to create the key
     */
    Issued issue(URI intake) {
        String admin = minter.token("local-admin", LIFETIME, "admin");
        String apiKey = createApiKey(intake, admin);
        return new Issued(minter.token("local-agent", LIFETIME, "agent"),
                minter.token("local-lead", LIFETIME, "lead"), admin,
                minter.token(FORM_BACKEND, LIFETIME, "form-backend"), apiKey);
    }

    /** Writes {@code credentials.env}, readable by its owner only. */
    static Path write(Issued issued, Path directory) {
        Path file = directory.resolve("credentials.env");
        try {
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, issued.asEnvFile(), StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new LocalStackException("Cannot write " + file + ": " + e.getMessage());
        }
    }

    private static String createApiKey(URI intake, String adminToken) {
        HttpRequest request = HttpRequest.newBuilder(intake.resolve("/form-backends/" + FORM_BACKEND + "/api-keys"))
                .header("Authorization", "Bearer " + adminToken)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString("{\"label\":\"local stack\",\"rateLimitPerMinute\":600}"))
                .build();
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(request,
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201) {
                throw new LocalStackException("intake-service refused to create the web form's API key: HTTP "
                        + response.statusCode() + " " + response.body());
            }
            JsonNode key = JSON.readTree(response.body()).path("apiKey");
            if (!key.isTextual()) {
                throw new LocalStackException("intake-service answered no apiKey: " + response.body());
            }
            return key.asText();
        } catch (IOException e) {
            throw new LocalStackException("Cannot reach intake-service to create an API key: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalStackException("Interrupted while creating an API key");
        }
    }
}
