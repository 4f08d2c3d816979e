package io.slaplatform.intake;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.slaplatform.testkit.quarkus.KafkaTestResource;
import io.slaplatform.testkit.quarkus.PostgresSchemaTestResource;
import io.slaplatform.testkit.security.TestTokens;
import jakarta.inject.Inject;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static io.restassured.RestAssured.given;
import static io.slaplatform.intake.IntakeTestSupport.API_KEY;
import static io.slaplatform.intake.IntakeTestSupport.asAdmin;
import static io.slaplatform.intake.IntakeTestSupport.asAgent;
import static io.slaplatform.intake.IntakeTestSupport.count;
import static io.slaplatform.intake.IntakeTestSupport.issueKey;
import static io.slaplatform.intake.IntakeTestSupport.validRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * Form backends' API keys: issued by administrators and shown once, stored as a hash only, refused when wrong,
 * malformed or revoked (from the very next request on), rotated by holding two at once, capped at five active.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresSchemaTestResource.class)
class ApiKeyTest {

    private static final String PROBLEM_JSON = "application/problem+json";
    private static final String KEY_FORMAT = "sfk_[a-z2-7]{12}_[A-Za-z0-9_-]{43}";

    @Inject
    AgroalDataSource dataSource;

    /** The clock of the service under test: this test's "now". */
    @Inject
    Clock clock;

    /** The key id of a key {@code sfk_<keyId>_<secret>}. */
    static String keyIdOf(String apiKey) {
        return apiKey.substring(4, 16);
    }

    private static String secretOf(String apiKey) {
        return apiKey.substring(17);
    }

    private static String backend() {
        return "backend-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static int postWithKey(String apiKey) {
        return given().header(API_KEY, apiKey).contentType(ContentType.JSON).body(validRequest())
                .when().post("/requests").then().extract().statusCode();
    }

    private static void revoke(String backend, String apiKey) {
        asAdmin().when().delete("/form-backends/" + backend + "/api-keys/" + keyIdOf(apiKey))
                .then().statusCode(204);
    }

    private static ExtractableResponse<Response> issue(RequestSpecification as, String backend, Object body) {
        RequestSpecification request = as.contentType(ContentType.JSON);
        if (body != null) {
            request = request.body(body);
        }
        return request.when().post("/form-backends/" + backend + "/api-keys").then().extract();
    }

    @Test
    void anIssuedKeyIsShownOnceWithItsMetadataAndSubmits() {
        String backend = backend();
        Instant before = clock.instant().minusSeconds(1);
        ExtractableResponse<Response> issued = issue(asAdmin(), backend,
                Map.of("label", "production web form", "rateLimitPerMinute", 120));

        assertThat(issued.statusCode()).isEqualTo(201);
        String apiKey = issued.path("apiKey");
        String keyId = issued.path("keyId");
        assertThat(apiKey).matches(KEY_FORMAT);
        assertThat(keyIdOf(apiKey)).isEqualTo(keyId);
        assertThat(issued.header("Location")).endsWith("/form-backends/" + backend + "/api-keys/" + keyId);
        assertThat(issued.<String>path("backendId")).isEqualTo(backend);
        assertThat(issued.<String>path("label")).isEqualTo("production web form");
        assertThat(issued.<Integer>path("rateLimitPerMinute")).isEqualTo(120);
        assertThat(Instant.parse(issued.path("createdAt"))).isAfter(before).isBefore(clock.instant().plusSeconds(1));
        assertThat(Base64.getUrlDecoder().decode(secretOf(apiKey))).hasSize(32);

        String id = given().header(API_KEY, apiKey).contentType(ContentType.JSON).body(validRequest())
                .when().post("/requests").then().statusCode(201).extract().path("id");
        assertThat(count(dataSource, "SELECT count(*) FROM support_request WHERE id = ?::uuid AND submitted_by = ?",
                id, backend)).as("the submitting backend is recorded").isOne();
    }

    @Test
    void aKeyNeedsNoBodyAndKeysAreRandom() {
        String backend = backend();
        ExtractableResponse<Response> first = issue(asAdmin(), backend, null);
        ExtractableResponse<Response> second = issue(asAdmin(), backend, null);
        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(second.statusCode()).isEqualTo(201);
        assertThat(first.<String>path("apiKey")).isNotEqualTo(second.path("apiKey"));
        assertThat(first.<String>path("keyId")).isNotEqualTo(second.path("keyId"));
        assertThat(first.<Object>path("label")).isNull();
        assertThat(first.<Object>path("rateLimitPerMinute")).isNull();
    }

    @Test
    void theDatabaseHoldsOnlyAHashOfTheSecret() throws Exception {
        String backend = backend();
        String apiKey = issueKey(backend, null);
        byte[] secret = Base64.getUrlDecoder().decode(secretOf(apiKey));
        List<String> spellings = List.of(apiKey, secretOf(apiKey), HexFormat.of().formatHex(secret),
                Base64.getEncoder().encodeToString(secret));

        List<String> rows = allRowsAsText();
        assertThat(rows).as("rows of every table in the schema").isNotEmpty();
        for (String row : rows) {
            for (String spelling : spellings) {
                assertThat(row).as("a stored row").doesNotContainIgnoringCase(spelling);
            }
        }
        String stored = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret));
        assertThat(count(dataSource, "SELECT count(*) FROM api_key WHERE key_id = ? AND backend_id = ?"
                + " AND encode(secret_sha256, 'hex') = ?", keyIdOf(apiKey), backend, stored))
                .as("the row holds the secret's SHA-256").isOne();
    }

    @Test
    void theListShowsMetadataButNeverTheSecretOrItsHash() throws Exception {
        String backend = backend();
        String active = issueKey(backend, 30);
        String revoked = issueKey(backend, null);
        revoke(backend, revoked);

        Response list = asAdmin().when().get("/form-backends/" + backend + "/api-keys").andReturn();
        assertThat(list.statusCode()).isEqualTo(200);
        String body = list.asString();
        for (String key : List.of(active, revoked)) {
            byte[] secret = Base64.getUrlDecoder().decode(secretOf(key));
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(secret);
            assertThat(body).doesNotContain(secretOf(key))
                    .doesNotContainIgnoringCase(HexFormat.of().formatHex(hash))
                    .doesNotContain(Base64.getEncoder().encodeToString(hash))
                    .doesNotContain(Base64.getUrlEncoder().withoutPadding().encodeToString(hash));
        }
        List<Map<String, Object>> keys = list.jsonPath().getList("$");
        assertThat(keys).hasSize(2);
        assertThat(keys).allSatisfy(key -> assertThat(key.keySet()).isSubsetOf("keyId", "backendId", "active",
                "label", "rateLimitPerMinute", "createdAt", "createdBy", "revokedAt", "revokedBy"));
        Map<String, Object> first = keys.get(0);
        Map<String, Object> second = keys.get(1);
        assertThat(first).containsEntry("keyId", keyIdOf(active)).containsEntry("active", true)
                .containsEntry("rateLimitPerMinute", 30).containsEntry("createdBy", "admin-ada")
                .doesNotContainKeys("revokedAt", "revokedBy");
        assertThat(second).containsEntry("keyId", keyIdOf(revoked)).containsEntry("active", false)
                .containsEntry("revokedBy", "admin-ada").containsKey("revokedAt");
        asAdmin().when().get("/form-backends/" + backend() + "/api-keys").then().statusCode(200)
                .body("size()", equalTo(0));
    }

    @Test
    void aWrongSecretWithTheRightIdIsRefused() {
        String apiKey = issueKey(backend(), null);
        char last = apiKey.charAt(apiKey.length() - 2);
        String wrong = apiKey.substring(0, apiKey.length() - 2) + (last == 'A' ? 'B' : 'A')
                + apiKey.charAt(apiKey.length() - 1);
        String otherSecret = "sfk_" + keyIdOf(apiKey) + "_" + secretOf(issueKey(backend(), null));

        for (String key : List.of(wrong, otherSecret)) {
            given().header(API_KEY, key).contentType(ContentType.JSON).body(validRequest())
                    .when().post("/requests").then()
                    .statusCode(401)
                    .contentType(PROBLEM_JSON)
                    .header("WWW-Authenticate", org.hamcrest.Matchers.notNullValue());
        }
        assertThat(postWithKey(apiKey)).isEqualTo(201);
    }

    /** Keys that are not shaped like one, and one shaped like a key that was never issued. */
    static List<String> badKeys() {
        String a43 = "A".repeat(43);
        return List.of("", "   ", "sfk_", "not-a-key", "Bearer sfk_abcdefghijkl_xxx", "' OR 1=1 --",
                "sfk_ABCDEFGHIJKL_" + a43, // upper-case key id
                "sfk_abcdefghijk1_" + a43, // 1 is no base32 digit
                "sfk_abcdefghijk_" + a43, // key id too short
                "sfk_abcdefghijkl_" + "A".repeat(42), // secret too short
                "sfk_abcdefghijkl_" + "A".repeat(44), // secret too long
                "sfk_abcdefghijkl_" + "A".repeat(42) + "B", // unused bits set: not the canonical spelling
                "sfk_abcdefghijkl_" + "A".repeat(42) + "=", // padding
                "xfk_abcdefghijkl_" + a43, // another prefix
                "sfk_abcdefghijkl_" + a43); // well-formed, never issued
    }

    @ParameterizedTest
    @MethodSource("badKeys")
    void aMalformedOrUnknownKeyIsRefusedWithBothChallenges(String key) {
        long before = count(dataSource, "SELECT count(*) FROM support_request");
        Response response = given().header(API_KEY, key).contentType(ContentType.JSON).body(validRequest())
                .when().post("/requests").andReturn();
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.contentType()).startsWith(PROBLEM_JSON);
        assertThat(response.headers().getValues("WWW-Authenticate"))
                .containsExactlyInAnyOrder("Bearer realm=\"sla-platform\"", "ApiKey realm=\"sla-platform\"");
        assertThat(response.asString()).doesNotContain(key.isBlank() ? "\u0000" : key);
        assertThat(count(dataSource, "SELECT count(*) FROM support_request")).isEqualTo(before);
    }

    @Test
    void aBadKeyIsRefusedEvenBesideAValidToken() {
        given().header(API_KEY, "sfk_abcdefghijkl_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
                .auth().oauth2(TestTokens.formBackend("acme-web-form"))
                .contentType(ContentType.JSON).body(validRequest())
                .when().post("/requests").then().statusCode(401).contentType(PROBLEM_JSON);
    }

    @Test
    void aValidKeyBesideAnyOtherCredentialIsRefusedAndNothingIsStored() {
        String apiKey = issueKey(backend(), null);
        String other = issueKey(backend(), null);
        Map<String, Object> body = validRequest();
        List<UnaryOperator<RequestSpecification>> doubled = List.of(
                r -> r.header(API_KEY, apiKey).header("Authorization", "Bearer garbage"),
                r -> r.header(API_KEY, apiKey).auth().oauth2(TestTokens.formBackend("acme-web-form")),
                r -> r.header(API_KEY, apiKey).header(API_KEY, other),
                r -> r.header(API_KEY, apiKey).header(API_KEY, "garbage"),
                r -> r.header(API_KEY, apiKey).header(API_KEY, apiKey));
        for (var credentials : doubled) {
            Response response = credentials.apply(given()).contentType(ContentType.JSON).body(body)
                    .when().post("/requests").andReturn();
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.contentType()).startsWith(PROBLEM_JSON);
            assertThat(response.<String>path("type")).endsWith("/ambiguous-credentials");
            assertThat(response.headers().getValues("WWW-Authenticate"))
                    .containsExactlyInAnyOrder("Bearer realm=\"sla-platform\"", "ApiKey realm=\"sla-platform\"");
        }
        assertThat(count(dataSource, "SELECT count(*) FROM support_request WHERE subject = ?", body.get("subject")))
                .isZero();
        assertThat(given().header(API_KEY, apiKey).contentType(ContentType.JSON).body(body)
                .when().post("/requests").statusCode()).isEqualTo(201);
    }

    @Test
    void aRevokedKeyIsRefusedOnTheVeryNextRequest() {
        String backend = backend();
        String apiKey = issueKey(backend, null);
        assertThat(postWithKey(apiKey)).isEqualTo(201);

        revoke(backend, apiKey);

        given().header(API_KEY, apiKey).contentType(ContentType.JSON).body(validRequest())
                .when().post("/requests").then().statusCode(401).contentType(PROBLEM_JSON);
        revoke(backend, apiKey); // revoking again changes nothing
        asAdmin().when().get("/form-backends/" + backend + "/api-keys").then()
                .body("[0].active", equalTo(false));
    }

    @Test
    void revokingAnUnknownKeyOrAnotherBackendsKeyIs404() {
        String backend = backend();
        String apiKey = issueKey(backend, null);
        asAdmin().when().delete("/form-backends/" + backend + "/api-keys/abcdefghijkl").then()
                .statusCode(404).contentType(PROBLEM_JSON);
        asAdmin().when().delete("/form-backends/" + backend() + "/api-keys/" + keyIdOf(apiKey)).then()
                .statusCode(404).contentType(PROBLEM_JSON);
        assertThat(postWithKey(apiKey)).as("the key is still active").isEqualTo(201);
    }

    @Test
    void rotationKeepsTheNewKeyWorkingWhileTheOldIsRevoked() {
        String backend = backend();
        String old = issueKey(backend, null);
        String fresh = issueKey(backend, null);

        assertThat(postWithKey(old)).isEqualTo(201);
        assertThat(postWithKey(fresh)).isEqualTo(201);

        revoke(backend, old);

        assertThat(postWithKey(old)).isEqualTo(401);
        assertThat(postWithKey(fresh)).isEqualTo(201);
    }

    @Test
    void aBackendHoldsAtMostFiveActiveKeys() {
        String backend = backend();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            keys.add(issueKey(backend, null));
        }
        issue(asAdmin(), backend, Map.of("label", "sixth")).response().then()
                .statusCode(409)
                .contentType(PROBLEM_JSON)
                .body("type", equalTo("https://slaplatform.io/problems/too-many-api-keys"));
        assertThat(count(dataSource, "SELECT count(*) FROM api_key WHERE backend_id = ?", backend)).isEqualTo(5);

        revoke(backend, keys.get(0));
        assertThat(issue(asAdmin(), backend, null).statusCode()).as("after a revocation").isEqualTo(201);
    }

    @Test
    void invalidInputIsAProblemNamingTheField() {
        Map<String, Object> tooLong = Map.of("label", "x".repeat(201));
        Map<String, Object> twoLines = Map.of("label", "web form\r\nX-Injected: 1");
        Map<String, Object> zero = Map.of("rateLimitPerMinute", 0);
        Map<String, Object> tooHigh = Map.of("rateLimitPerMinute", 100_001);
        Map<String, Object> notANumber = Map.of("rateLimitPerMinute", "many");
        Map<String, Object> fraction = Map.of("rateLimitPerMinute", 1.5);
        Map<Object, String> cases = new LinkedHashMap<>();
        cases.put(tooLong, "label");
        cases.put(twoLines, "label");
        cases.put(zero, "rateLimitPerMinute");
        cases.put(tooHigh, "rateLimitPerMinute");
        cases.put(notANumber, "rateLimitPerMinute");
        cases.put(fraction, "rateLimitPerMinute");
        String backend = backend();
        cases.forEach((body, field) -> issue(asAdmin(), backend, body).response().then()
                .statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("errors.field", hasItem(field)));
        for (String badId : List.of("Upper-Case", "-leading-hyphen", "under_score", "x".repeat(64))) {
            issue(asAdmin(), badId, null).response().then()
                    .statusCode(400).contentType(PROBLEM_JSON).body("errors.field", hasItem("backendId"));
            asAdmin().when().get("/form-backends/" + badId + "/api-keys").then()
                    .statusCode(400).body("errors.field", hasItem("backendId"));
        }
        assertThat(count(dataSource, "SELECT count(*) FROM api_key WHERE backend_id = ?", backend)).isZero();
        assertThat(issue(asAdmin(), "x".repeat(63), null).statusCode()).as("63 characters").isEqualTo(201);
    }

    @Test
    void onlyAdministratorsManageKeys() {
        String backend = backend();
        String apiKey = issueKey(backend, null);
        Map<String, UnaryOperator<RequestSpecification>> strangers = Map.of(
                "agent", r -> r.auth().oauth2(TestTokens.agent()),
                "lead", r -> r.auth().oauth2(TestTokens.lead()),
                "form-backend JWT", r -> r.auth().oauth2(TestTokens.formBackend(backend)),
                "the backend's own API key", r -> r.header(API_KEY, apiKey));
        strangers.forEach((name, as) -> {
            assertThat(issue(as.apply(given()), backend, null).statusCode()).as(name + " issues").isEqualTo(403);
            assertThat(as.apply(given()).when().get("/form-backends/" + backend + "/api-keys").statusCode())
                    .as(name + " lists").isEqualTo(403);
            assertThat(as.apply(given()).when().delete("/form-backends/" + backend + "/api-keys/"
                    + keyIdOf(apiKey)).statusCode()).as(name + " revokes").isEqualTo(403);
        });
        given().when().get("/form-backends/" + backend + "/api-keys").then().statusCode(401);
        assertThat(count(dataSource, "SELECT count(*) FROM api_key WHERE backend_id = ?", backend)).isOne();
        assertThat(postWithKey(apiKey)).as("still active").isEqualTo(201);
    }

    @Test
    void anApiKeyIsNoStaffCredentialButStaffTokensStillWork() {
        String apiKey = issueKey(backend(), null);
        String id = IntakeTestSupport.submit(validRequest());
        given().header(API_KEY, apiKey).when().get("/requests/" + id).then().statusCode(403)
                .contentType(PROBLEM_JSON);
        given().header(API_KEY, apiKey).contentType(ContentType.JSON)
                .body(Map.of("impact", "CRITICAL", "reason", "escalated by a form")).when()
                .put("/requests/" + id + "/impact").then().statusCode(403);
        given().auth().oauth2(TestTokens.formBackend("acme-web-form")).when().get("/requests/" + id).then()
                .statusCode(403);
        asAgent().when().get("/requests/" + id).then().statusCode(200).body("impact", equalTo("MAJOR"));
    }

    @Test
    void aFormBackendTokenSubmitsAndIsRecordedByItsSubject() {
        String backend = backend();
        String id = given().auth().oauth2(TestTokens.formBackend(backend)).contentType(ContentType.JSON)
                .body(validRequest()).when().post("/requests").then().statusCode(201).extract().path("id");
        assertThat(count(dataSource, "SELECT count(*) FROM support_request WHERE id = ?::uuid AND submitted_by = ?",
                id, backend)).isOne();
    }

    private List<String> allRowsAsText() throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            List<String> tables = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT table_name FROM information_schema.tables"
                    + " WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'");
                 ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    tables.add(r.getString(1));
                }
            }
            assertThat(tables).contains("api_key", "support_request", "outbox_event");
            for (String table : tables) {
                try (PreparedStatement s = c.prepareStatement("SELECT row_to_json(t)::text FROM \"" + table
                        + "\" t"); ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        rows.add(r.getString(1));
                    }
                }
            }
        }
        return rows;
    }
}
