package io.slaplatform.localstack;

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
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DevCredentialsTest {

    @TempDir
    Path directory;

    @Test
    void tokensVerifyWithThePublicKeyTheServicesGetAndTheApiKeyComesFromIntakesAdminApi() throws Exception {
        DevCredentials credentials = new DevCredentials(Clock.systemUTC());
        PublicKey publicKey = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(
                Base64.getDecoder().decode(credentials.serviceEnv().get("MP_JWT_VERIFY_PUBLICKEY"))));
        assertThat(credentials.serviceEnv()).containsEntry("MP_JWT_VERIFY_ISSUER", DevCredentials.ISSUER)
                .containsEntry("MP_JWT_VERIFY_AUDIENCES", "sla-platform");

        AtomicReference<String> adminAuthorization = new AtomicReference<>();
        AtomicReference<String> path = new AtomicReference<>();
        HttpServer intake = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        intake.createContext("/", exchange -> {
            adminAuthorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            path.set(exchange.getRequestURI().getPath());
            byte[] body = "{\"keyId\":\"abc\",\"apiKey\":\"sfk_abc_secret\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(201, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        intake.start();
        try {
            DevCredentials.Issued issued = credentials.issue(
                    URI.create("http://127.0.0.1:" + intake.getAddress().getPort()));

            assertThat(issued.apiKey()).isEqualTo("sfk_abc_secret");
            assertThat(path.get()).isEqualTo("/form-backends/local-web-form/api-keys");
            assertThat(groups(adminAuthorization.get().substring("Bearer ".length()), publicKey))
                    .containsExactly("admin");
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
            assertThat(Files.readString(file)).contains("export SLA_API_KEY='sfk_abc_secret'")
                    .contains("export SLA_LEAD_TOKEN='" + issued.leadToken() + "'");
        } finally {
            intake.stop(0);
        }
    }

    @Test
    void aRefusedKeyStopsTheStackWithIntakesAnswer() throws IOException {
        HttpServer intake = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        intake.createContext("/", exchange -> {
            byte[] body = "{\"title\":\"Forbidden\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(403, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        intake.start();
        try {
            DevCredentials credentials = new DevCredentials(Clock.systemUTC());
            assertThatThrownBy(() -> credentials.issue(URI.create("http://127.0.0.1:" + intake.getAddress().getPort())))
                    .isInstanceOf(LocalStackException.class).hasMessageContaining("HTTP 403");
        } finally {
            intake.stop(0);
        }
    }

    private static List<String> groups(String token, PublicKey key) throws Exception {
        JwtClaims claims = new JwtConsumerBuilder().setVerificationKey(key).setExpectedIssuer(DevCredentials.ISSUER)
                .setExpectedAudience("sla-platform").setRequireExpirationTime().build().processToClaims(token);
        return claims.getStringListClaimValue("groups");
    }
}
