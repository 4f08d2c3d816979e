package io.slaplatform.localstack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link DevCredentials} against a stand-in for intake's key admin API: a JDK {@link HttpServer} that keeps a
 * backend's keys in memory with intake's rules (at most 5 active, {@code DELETE} revokes) and records each call.
 */
class DevCredentialsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEYS = "/form-backends/local-web-form/api-keys";

    @TempDir
    Path directory;

    private FakeKeyAdmin intake;

    @AfterEach
    void stopIntake() {
        if (intake != null) {
            intake.stop();
        }
    }

    @Test
    void tokensVerifyWithThePublicKeyTheServicesGetAndTheApiKeyComesFromIntakesAdminApi() throws Exception {
        DevCredentials credentials = new DevCredentials(Clock.systemUTC());
        PublicKey publicKey = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(
                Base64.getDecoder().decode(credentials.serviceEnv().get("MP_JWT_VERIFY_PUBLICKEY"))));
        assertThat(credentials.serviceEnv()).containsEntry("MP_JWT_VERIFY_ISSUER", DevCredentials.ISSUER)
                .containsEntry("MP_JWT_VERIFY_AUDIENCES", "sla-platform");
        intake = FakeKeyAdmin.start();

        DevCredentials.Issued issued = credentials.issue(intake.uri());

        assertThat(intake.calls()).extracting(Call::line).containsExactly("GET " + KEYS, "POST " + KEYS);
        Call post = intake.calls().get(1);
        assertThat(JSON.readTree(post.body()).path("label").asText()).isEqualTo(DevCredentials.API_KEY_LABEL);
        assertThat(issued.apiKey()).isEqualTo(intake.issuedKeys().get(0));
        assertThat(issued.revokedKeyIds()).isEmpty();
        for (Call call : intake.calls()) {
            assertThat(groups(call.authorization().substring("Bearer ".length()), publicKey))
                    .as(call.line()).containsExactly("admin");
        }
        assertThat(groups(issued.agentToken(), publicKey)).containsExactly("agent");
        assertThat(groups(issued.leadToken(), publicKey)).containsExactly("lead");
        assertThat(groups(issued.adminToken(), publicKey)).containsExactly("admin");
        assertThat(groups(issued.formBackendToken(), publicKey)).containsExactly("form-backend");
        PublicKey another = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64
                .getDecoder().decode(new DevCredentials(Clock.systemUTC()).serviceEnv()
                        .get("MP_JWT_VERIFY_PUBLICKEY"))));
        assertThatThrownBy(() -> groups(issued.leadToken(), another))
                .as("each stack run signs with a key of its own").isInstanceOf(InvalidJwtException.class);

        Path file = DevCredentials.write(issued, directory);
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(file)).contains("export SLA_API_KEY='" + issued.apiKey() + "'")
                .contains("export SLA_LEAD_TOKEN='" + issued.leadToken() + "'");
    }

    @Test
    void eachStartRevokesTheActiveKeysOfEarlierStacksBeforeIssuingItsOwnAndLeavesOtherKeysAlone() {
        intake = FakeKeyAdmin.start();
        intake.add("k1", "local stack", true);
        intake.add("k2", "local stack", false);
        intake.add("k3", "partner portal", true);
        intake.add("k4", "local stack", true);

        DevCredentials.Issued issued = new DevCredentials(Clock.systemUTC()).issue(intake.uri());

        assertThat(intake.calls()).extracting(Call::line).containsExactly(
                "GET " + KEYS, "DELETE " + KEYS + "/k1", "DELETE " + KEYS + "/k4", "POST " + KEYS);
        assertThat(issued.revokedKeyIds()).containsExactly("k1", "k4");
        assertThat(intake.activeKeyIds()).containsExactlyInAnyOrder("k3", intake.keyIdOf(issued.apiKey()));
    }

    @Test
    void aStackStartsAgainAndAgainAgainstTheKeyCapWithOneLocalStackKeyActive() {
        intake = FakeKeyAdmin.start();
        intake.add("partner", "partner portal", true);
        List<String> apiKeys = new ArrayList<>();

        for (int start = 1; start <= FakeKeyAdmin.MAX_ACTIVE_KEYS + 2; start++) {
            apiKeys.add(new DevCredentials(Clock.systemUTC()).issue(intake.uri()).apiKey());
            assertThat(intake.activeKeyIds()).as("after start %d", start)
                    .containsExactlyInAnyOrder("partner", intake.keyIdOf(apiKeys.get(apiKeys.size() - 1)));
        }
    }

    @Test
    void aDatabaseAlreadyAtTheCapWithEarlierStacksKeysIsCleanedUp() {
        intake = FakeKeyAdmin.start();
        for (int i = 0; i < FakeKeyAdmin.MAX_ACTIVE_KEYS; i++) {
            intake.add("old" + i, "local stack", true);
        }

        DevCredentials.Issued issued = new DevCredentials(Clock.systemUTC()).issue(intake.uri());

        assertThat(issued.revokedKeyIds()).containsExactly("old0", "old1", "old2", "old3", "old4");
        assertThat(intake.activeKeyIds()).containsExactly(intake.keyIdOf(issued.apiKey()));
    }

    @Test
    void aRefusedListStopsTheStackWithIntakesAnswer() {
        intake = FakeKeyAdmin.start();
        intake.refuse("GET", 403, "{\"title\":\"Forbidden\"}");

        assertThatThrownBy(() -> new DevCredentials(Clock.systemUTC()).issue(intake.uri()))
                .isInstanceOf(LocalStackException.class)
                .hasMessageContaining("refused to list the web form's API keys: HTTP 403 {\"title\":\"Forbidden\"}");
        assertThat(intake.calls()).extracting(Call::line).containsExactly("GET " + KEYS);
    }

    @Test
    void aRefusedRevocationStopsTheStackWithIntakesAnswerAndIssuesNoKey() {
        intake = FakeKeyAdmin.start();
        intake.add("k1", "local stack", true);
        intake.refuse("DELETE", 500, "{\"title\":\"Internal error\",\"incidentId\":\"i-1\"}");

        assertThatThrownBy(() -> new DevCredentials(Clock.systemUTC()).issue(intake.uri()))
                .isInstanceOf(LocalStackException.class)
                .hasMessageContaining("refused to revoke the earlier local stack's API key k1 of local-web-form: "
                        + "HTTP 500 {\"title\":\"Internal error\",\"incidentId\":\"i-1\"}");
        assertThat(intake.calls()).extracting(Call::line).doesNotContain("POST " + KEYS);
    }

    @Test
    void aRefusedKeyStopsTheStackWithIntakesAnswer() {
        intake = FakeKeyAdmin.start();
        for (int i = 0; i < FakeKeyAdmin.MAX_ACTIVE_KEYS; i++) {
            intake.add("hand" + i, "made by hand", true);
        }

        assertThatThrownBy(() -> new DevCredentials(Clock.systemUTC()).issue(intake.uri()))
                .isInstanceOf(LocalStackException.class)
                .hasMessageContaining("refused to create the web form's API key: HTTP 409")
                .hasMessageContaining("too-many-api-keys");
        assertThat(intake.activeKeyIds()).as("keys a person made are not the stack's to revoke").hasSize(5);
    }

    @Test
    void aListThatIsNoListStopsTheStack() {
        intake = FakeKeyAdmin.start();
        intake.refuse("GET", 200, "<html>proxy login</html>");

        assertThatThrownBy(() -> new DevCredentials(Clock.systemUTC()).issue(intake.uri()))
                .isInstanceOf(LocalStackException.class)
                .hasMessageContaining("answered no list of API keys (not JSON): <html>proxy login</html>");
    }

    private static List<String> groups(String token, PublicKey key) throws Exception {
        JwtClaims claims = new JwtConsumerBuilder().setVerificationKey(key).setExpectedIssuer(DevCredentials.ISSUER)
                .setExpectedAudience("sla-platform").setRequireExpirationTime().build().processToClaims(token);
        return claims.getStringListClaimValue("groups");
    }

    /** One call the stand-in received: {@code "<method> <path>"}, its Authorization header and body. */
    record Call(String line, String authorization, String body) {
    }

    /**
     * Intake's key admin API for backend {@code local-web-form}, in memory: {@code GET} lists the keys as intake's
     * {@code ApiKeyView} does (keyId, backendId, active, label), {@code POST} issues one unless 5 are active (then a
     * 409 {@code too-many-api-keys} problem, as intake answers), {@code DELETE .../{keyId}} revokes (204; 404 for an
     * unknown id). {@link #refuse} makes one method answer a fixed status and body instead.
     */
    static final class FakeKeyAdmin {

        static final int MAX_ACTIVE_KEYS = 5;

        private record Key(String keyId, String label, boolean active) {
        }

        private final HttpServer server;
        private final List<Key> keys = new ArrayList<>();
        private final List<Call> calls = new ArrayList<>();
        private final List<String> issuedKeys = new ArrayList<>();
        private String refusedMethod;
        private int refusedStatus;
        private String refusedBody;
        private int nextId = 1;

        private FakeKeyAdmin(HttpServer server) {
            this.server = server;
        }

        static FakeKeyAdmin start() {
            try {
                FakeKeyAdmin admin = new FakeKeyAdmin(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
                admin.server.createContext("/", admin::handle);
                admin.server.start();
                return admin;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        }

        synchronized void add(String keyId, String label, boolean active) {
            keys.add(new Key(keyId, label, active));
        }

        synchronized void refuse(String method, int status, String body) {
            refusedMethod = method;
            refusedStatus = status;
            refusedBody = body;
        }

        synchronized List<Call> calls() {
            return List.copyOf(calls);
        }

        /** The full keys it issued, oldest first. */
        synchronized List<String> issuedKeys() {
            return List.copyOf(issuedKeys);
        }

        synchronized Set<String> activeKeyIds() {
            return Set.copyOf(keys.stream().filter(Key::active).map(Key::keyId).toList());
        }

        /** The key id of a full key it issued, {@code sfk_<keyId>_<secret>}. */
        String keyIdOf(String apiKey) {
            return apiKey.split("_")[1];
        }

        void stop() {
            server.stop(0);
        }

        private void handle(HttpExchange exchange) throws IOException {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int status;
            String answer;
            synchronized (this) {
                calls.add(new Call(method + " " + path, exchange.getRequestHeaders().getFirst("Authorization"),
                        body));
                if (method.equals(refusedMethod)) {
                    status = refusedStatus;
                    answer = refusedBody;
                } else if (method.equals("GET") && path.equals(KEYS)) {
                    status = 200;
                    answer = list();
                } else if (method.equals("POST") && path.equals(KEYS)) {
                    if (keys.stream().filter(Key::active).count() >= MAX_ACTIVE_KEYS) {
                        status = 409;
                        answer = "{\"type\":\"https://slaplatform.io/problems/too-many-api-keys\",\"status\":409}";
                    } else {
                        String keyId = "key" + nextId++;
                        keys.add(new Key(keyId, JSON.readTree(body).path("label").asText(null), true));
                        String apiKey = "sfk_" + keyId + "_secret";
                        issuedKeys.add(apiKey);
                        status = 201;
                        answer = JSON.createObjectNode().put("keyId", keyId).put("apiKey", apiKey).toString();
                    }
                } else if (method.equals("DELETE") && path.startsWith(KEYS + "/")) {
                    status = revoke(path.substring(KEYS.length() + 1)) ? 204 : 404;
                    answer = "";
                } else {
                    status = 404;
                    answer = "";
                }
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
            exchange.close();
        }

        private String list() {
            ArrayNode array = JSON.createArrayNode();
            for (Key key : keys) {
                var node = array.addObject().put("keyId", key.keyId()).put("backendId", "local-web-form")
                        .put("active", key.active());
                if (key.label() != null) {
                    node.put("label", key.label());
                }
            }
            return array.toString();
        }

        private boolean revoke(String keyId) {
            for (int i = 0; i < keys.size(); i++) {
                Key key = keys.get(i);
                if (key.keyId().equals(keyId)) {
                    keys.set(i, new Key(keyId, key.label(), false));
                    return true;
                }
            }
            return false;
        }
    }
}
