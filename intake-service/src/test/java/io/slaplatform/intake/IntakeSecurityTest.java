package io.slaplatform.intake;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.slaplatform.testkit.quarkus.EndpointSecurityContract;
import io.slaplatform.testkit.quarkus.KafkaTestResource;
import io.slaplatform.testkit.quarkus.PostgresSchemaTestResource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static io.slaplatform.intake.IntakeTestSupport.API_KEY;
import static io.slaplatform.intake.IntakeTestSupport.asAdmin;
import static io.slaplatform.intake.IntakeTestSupport.issueKey;
import static io.slaplatform.runtime.security.Roles.ADMIN;
import static io.slaplatform.runtime.security.Roles.AGENT;
import static io.slaplatform.runtime.security.Roles.FORM_BACKEND;
import static io.slaplatform.runtime.security.Roles.LEAD;
import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Form backends submit (API key or client-credentials JWT); agents and leads read requests; only agents act on
 * them; administrators manage API keys and parked events. An API key is no staff credential, and a revoked one
 * is no credential at all.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresSchemaTestResource.class)
class IntakeSecurityTest extends EndpointSecurityContract {

    private static final String BACKEND = "security-test-form";

    @Override
    protected Map<String, Set<String>> access() {
        return Map.ofEntries(
                entry("POST /requests", Set.of(FORM_BACKEND)),
                entry("GET /requests/{id}", Set.of(AGENT, LEAD)),
                entry("POST /requests/{id}/responses", Set.of(AGENT)),
                entry("POST /requests/{id}/customer-replies", Set.of(AGENT)),
                entry("PUT /requests/{id}/impact", Set.of(AGENT)),
                entry("POST /form-backends/{backendId}/api-keys", Set.of(ADMIN)),
                entry("GET /form-backends/{backendId}/api-keys", Set.of(ADMIN)),
                entry("DELETE /form-backends/{backendId}/api-keys/{keyId}", Set.of(ADMIN)));
    }

    @Override
    protected String attackedEndpoint() {
        return "PUT /requests/{id}/impact";
    }

    @Test
    void submittingDocumentsTheApiKeyAsAnAlternativeToTheToken() {
        JsonPath openApi = given().queryParam("format", "json").when().get("/q/openapi").then().statusCode(200)
                .extract().jsonPath();
        List<Map<String, Object>> staff = openApi.getList("paths.'/requests/{id}'.get.security");
        List<Map<String, Object>> submit = openApi.getList("paths.'/requests'.post.security");
        assertThat(staff).as("the bearer scheme of staff operations").hasSize(1);
        assertThat(staff.get(0)).doesNotContainKey("apiKey");
        assertThat(submit).extracting(Map::keySet)
                .containsExactlyInAnyOrder(staff.get(0).keySet(), Set.of("apiKey"));
        assertThat(openApi.getMap("components.securitySchemes.apiKey"))
                .containsEntry("type", "apiKey").containsEntry("in", "header").containsEntry("name", "X-API-Key");
    }

    /** A live API key (a form backend), and a revoked one (nobody). */
    @Override
    protected List<Caller> moreCallers() {
        String live = issueKey(BACKEND, IntakeTestSupport.UNTHROTTLED_PER_MINUTE);
        String revoked = issueKey(BACKEND, null);
        asAdmin().when().delete("/form-backends/" + BACKEND + "/api-keys/" + ApiKeyTest.keyIdOf(revoked))
                .then().statusCode(204);
        return List.of(
                new Caller("API key", Set.of(FORM_BACKEND), request -> request.header(API_KEY, live)),
                new Caller("revoked API key", Set.of(), request -> request.header(API_KEY, revoked)));
    }
}
