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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The local stack's credentials. A signing key pair is made at start and kept in memory only: the services get
 * its public key, the developer gets staff tokens signed with it and an API key for a web form backend, created
 * through intake's admin API. A restart makes a new key, so old tokens stop working with the stack that issued
 * them.
 *
 * <p>The API key, unlike the tokens, is kept by intake in PostgreSQL, which outlives the stack, and a backend may
 * hold only a few active keys. So each start first revokes the active keys an earlier local stack issued for
 * {@value #FORM_BACKEND} (those labelled {@value #API_KEY_LABEL}), then issues the new one: at most one local-stack
 * key is active, and the key in the previous run's {@code credentials.env} stops working (401). Keys of that
 * backend with another label, made by hand through the admin API, are left alone. Nothing here is fit for
 * production, where tokens come from the organisation's identity provider.
 */
final class DevCredentials {

    static final String ISSUER = "http://local-stack";
    static final String FORM_BACKEND = "local-web-form";
    /** The label of the API keys the local stack issues; how a later start recognises them to revoke them. */
    static final String API_KEY_LABEL = "local stack";
    static final Duration LIFETIME = Duration.ofHours(12);
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JwtMinter minter;

    DevCredentials(Clock clock) {
        this.minter = new JwtMinter(JwtMinter.newKeyPair(), ISSUER, clock);
    }

    /** What every service needs to verify the stack's tokens. */
    Map<String, String> serviceEnv() {
        return minter.verifierEnvironment();
    }

    /**
     * Ready-to-use credentials for the walkthrough.
     *
     * @param revokedKeyIds the ids of the earlier local stacks' API keys this start revoked, oldest first
     */
    record Issued(String agentToken, String leadToken, String adminToken, String formBackendToken, String apiKey,
                  List<String> revokedKeyIds) {

        Issued {
            revokedKeyIds = List.copyOf(revokedKeyIds);
        }

        /** Shell lines to {@code source}: the names the walkthrough's curl commands use. */
        String asEnvFile() {
            return "# Credentials of the running local stack: the tokens are valid until it stops (or for "
                    + LIFETIME.toHours() + " h), the API key until the next start revokes it. Never commit.\n"
                    + "export SLA_AGENT_TOKEN='" + agentToken + "'\n"
                    + "export SLA_LEAD_TOKEN='" + leadToken + "'\n"
                    + "export SLA_ADMIN_TOKEN='" + adminToken + "'\n"
                    + "export SLA_FORM_TOKEN='" + formBackendToken + "'\n"
                    + "export SLA_API_KEY='" + apiKey + "'\n";
        }
    }

    /**
     * Mints the staff tokens, revokes the web form backend's API keys that earlier local stacks issued, and creates
     * its new one, all through intake's admin API.
     *
     * @throws LocalStackException when intake cannot be reached, or refuses to list, revoke or create the keys
     *                             (the message holds intake's answer)
     */
    Issued issue(URI intake) {
        String admin = minter.token("local-admin", LIFETIME, "admin");
        HttpClient http = HttpClient.newHttpClient();
        List<String> revoked = revokeEarlierKeys(http, intake, admin);
        String apiKey = createApiKey(http, intake, admin);
        return new Issued(minter.token("local-agent", LIFETIME, "agent"),
                minter.token("local-lead", LIFETIME, "lead"), admin,
                minter.token(FORM_BACKEND, LIFETIME, "form-backend"), apiKey, revoked);
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

    /**
     * Revokes the active keys labelled {@value #API_KEY_LABEL}, one by one: each has its own {@code DELETE}, as in
     * the admin API. Revoking before creating leaves the backend without a local-stack key if the creation then
     * fails, which a restart repairs; the other order would fail at the cap it is meant to avoid.
     */
    private static List<String> revokeEarlierKeys(HttpClient http, URI intake, String adminToken) {
        HttpResponse<String> listed = send(http, adminRequest(intake, keysPath(), adminToken).GET().build(),
                "list the web form's API keys");
        if (listed.statusCode() != 200) {
            throw new LocalStackException("intake-service refused to list the web form's API keys: HTTP "
                    + listed.statusCode() + " " + listed.body());
        }
        JsonNode keys = parse(listed, "list of API keys");
        if (!keys.isArray()) {
            throw new LocalStackException("intake-service answered no list of API keys: " + listed.body());
        }
        List<String> revoked = new ArrayList<>();
        for (JsonNode key : keys) {
            if (!key.path("active").asBoolean(false) || !API_KEY_LABEL.equals(key.path("label").asText(null))) {
                continue;
            }
            String keyId = key.path("keyId").asText("");
            if (!keyId.matches("[A-Za-z0-9_-]+")) {
                throw new LocalStackException("intake-service listed an API key without a usable keyId: " + key);
            }
            HttpResponse<String> answer = send(http,
                    adminRequest(intake, keysPath() + "/" + keyId, adminToken).DELETE().build(),
                    "revoke the earlier local stack's API key " + keyId);
            if (answer.statusCode() != 204) {
                throw new LocalStackException("intake-service refused to revoke the earlier local stack's API key "
                        + keyId + " of " + FORM_BACKEND + ": HTTP " + answer.statusCode() + " " + answer.body());
            }
            revoked.add(keyId);
        }
        return revoked;
    }

    private static String createApiKey(HttpClient http, URI intake, String adminToken) {
        String body = JSON.createObjectNode().put("label", API_KEY_LABEL).put("rateLimitPerMinute", 600).toString();
        HttpResponse<String> response = send(http, adminRequest(intake, keysPath(), adminToken)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), "create an API key");
        if (response.statusCode() != 201) {
            throw new LocalStackException("intake-service refused to create the web form's API key: HTTP "
                    + response.statusCode() + " " + response.body());
        }
        JsonNode key = parse(response, "apiKey").path("apiKey");
        if (!key.isTextual()) {
            throw new LocalStackException("intake-service answered no apiKey: " + response.body());
        }
        return key.asText();
    }

    private static String keysPath() {
        return "/form-backends/" + FORM_BACKEND + "/api-keys";
    }

    /** A request to intake's admin API, with the admin's token. */
    private static HttpRequest.Builder adminRequest(URI intake, String path, String adminToken) {
        return HttpRequest.newBuilder(intake.resolve(path)).timeout(HTTP_TIMEOUT)
                .header("Authorization", "Bearer " + adminToken);
    }

    private static HttpResponse<String> send(HttpClient http, HttpRequest request, String what) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new LocalStackException("Cannot reach intake-service to " + what + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalStackException("Interrupted while trying to " + what);
        }
    }

    private static JsonNode parse(HttpResponse<String> response, String expected) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new LocalStackException("intake-service answered no " + expected + " (not JSON): "
                    + response.body());
        }
    }
}
