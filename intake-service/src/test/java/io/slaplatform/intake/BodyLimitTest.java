package io.slaplatform.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.slaplatform.testkit.quarkus.KafkaTestResource;
import io.slaplatform.testkit.quarkus.PostgresSchemaTestResource;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.slaplatform.intake.IntakeTestSupport.count;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /requests} bodies are limited to 128 KiB ({@code quarkus.http.limits.max-body-size}): enough for
 * the largest valid request (every character of every field written as a {@code \}{@code uXXXX} escape, the
 * description at its 20,000 characters), refused with 413 beyond it, announced or chunked, with nothing stored.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresSchemaTestResource.class)
class BodyLimitTest {

    static final int LIMIT = 128 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    AgroalDataSource dataSource;

    @TestHTTPResource("/requests")
    URL requestsUrl;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private String apiKey;

    @BeforeEach
    void credentials() {
        apiKey = IntakeTestSupport.formBackendKey();
    }

    @Test
    void theLargestValidRequestFitsAndIsStored() throws Exception {
        String subject = "Largest " + UUID.randomUUID();
        byte[] body = largestValidBody(subject);
        assertThat(body.length).as("the largest valid body").isGreaterThan(120_000).isLessThan(LIMIT);

        HttpResponse<String> response = send(body, true);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode created = JSON.readTree(response.body());
        assertThat(created.path("subject").asText()).isEqualTo(subject + "x".repeat(200 - subject.length()));
        assertThat(created.path("description").asText()).hasSize(20_000);
    }

    @Test
    void aBodyOfExactlyTheLimitIsRead() throws Exception {
        String subject = "At the limit " + UUID.randomUUID();
        byte[] body = padded(largestValidBody(subject), LIMIT);

        HttpResponse<String> response = send(body, true);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    @Test
    void aBodyAnnouncedOneByteOverTheLimitIs413ProblemAndNothingIsStored() throws Exception {
        String subject = "Over the limit " + UUID.randomUUID();
        long before = count(dataSource, "SELECT count(*) FROM support_request");

        HttpResponse<String> response = send(padded(largestValidBody(subject), LIMIT + 1), true);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("type").asText()).isEqualTo("https://slaplatform.io/problems/payload-too-large");
        assertThat(problem.path("status").asInt()).isEqualTo(413);
        assertThat(problem.path("detail").asText()).contains(String.valueOf(LIMIT));
        assertThat(count(dataSource, "SELECT count(*) FROM support_request")).isEqualTo(before);
        assertThat(count(dataSource, "SELECT count(*) FROM support_request WHERE subject LIKE ?", subject + "%"))
                .isZero();
    }

    @Test
    void aChunkedBodyOverTheLimitIsRefusedAndNothingIsStored() throws Exception {
        String subject = "Chunked " + UUID.randomUUID();
        long before = count(dataSource, "SELECT count(*) FROM support_request");

        HttpResponse<String> response;
        List<CapturedLogs.Line> errors;
        try (CapturedLogs logs = CapturedLogs.atOrAbove(Level.SEVERE)) {
            response = send(padded(largestValidBody(subject), 2 * LIMIT), false);
            Thread.sleep(300); // the server's side of the failed read
            errors = logs.lines();
        }

        // Quarkus' own answer: the body is cut off at the limit while it streams in; no problem document.
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Connection")).hasValue("close");
        assertThat(errors).as("errors logged").isEmpty();
        assertThat(count(dataSource, "SELECT count(*) FROM support_request")).isEqualTo(before);
        assertThat(count(dataSource, "SELECT count(*) FROM support_request WHERE subject LIKE ?", subject + "%"))
                .isZero();
    }

    @Test
    void aChunkedBodyWithinTheLimitIsRead() throws Exception {
        HttpResponse<String> response = send(largestValidBody("Chunked within " + UUID.randomUUID()), false);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    private HttpResponse<String> send(byte[] body, boolean announceLength) throws Exception {
        HttpRequest.BodyPublisher publisher = HttpRequest.BodyPublishers.ofByteArray(body);
        if (!announceLength) {
            publisher = HttpRequest.BodyPublishers.fromPublisher(publisher); // unknown length: chunked
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(requestsUrl.toString()))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header(IntakeTestSupport.API_KEY, apiKey)
                .POST(publisher)
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /**
     * The largest valid body the DTO's limits allow, without insignificant whitespace: every field at its
     * maximal length and every character of every key and value written as a 6-byte escape.
     */
    static byte[] largestValidBody(String subjectPrefix) {
        Map<String, String> fields = new LinkedHashMap<>();
        String local = "l".repeat(64);
        String domain = "d".repeat(63) + "." + "e".repeat(63) + "." + "f".repeat(53) + ".example"; // 189
        fields.put("licenseEmail", local + "@" + domain);
        fields.put("contactEmail", local + "@" + domain);
        fields.put("impact", "CRITICAL");
        fields.put("subject", subjectPrefix + "x".repeat(200 - subjectPrefix.length()));
        fields.put("description", description());
        fields.put("country", "CH");
        fields.put("locale", "deu-abcdefgh-abcdefgh-abcdefgh-abcd");
        assertThat(fields.get("licenseEmail")).hasSize(254);
        assertThat(fields.get("locale")).hasSize(35);
        StringBuilder json = new StringBuilder("{");
        fields.forEach((key, value) -> {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append(escaped(key)).append(':').append(escaped(value));
        });
        return json.append('}').toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** 20,000 UTF-16 units of text, with accented letters and emoji (surrogate pairs). */
    private static String description() {
        StringBuilder text = new StringBuilder();
        String[] words = {"Ünïcödé ", "densification ", "\uD83D\uDE00 ", "stalls ", "at 80% "};
        for (int i = 0; text.length() < 20_000; i++) {
            String word = words[i % words.length];
            if (text.length() + word.length() > 20_000) {
                word = "x".repeat(20_000 - text.length());
            }
            text.append(word);
        }
        return text.toString();
    }

    private static String escaped(String s) {
        StringBuilder out = new StringBuilder(s.length() * 6 + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            out.append(String.format("\\u%04x", (int) s.charAt(i)));
        }
        return out.append('"').toString();
    }

    /** The body with spaces inserted before its closing brace, {@code length} bytes in all. */
    private static byte[] padded(byte[] body, int length) {
        byte[] out = new byte[length];
        System.arraycopy(body, 0, out, 0, body.length - 1);
        java.util.Arrays.fill(out, body.length - 1, length - 1, (byte) ' ');
        out[length - 1] = '}';
        return out;
    }
}
