package io.slaplatform.testkit.quarkus;

import io.slaplatform.testkit.PostgresSchemas;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

/**
 * What every service promises operators: liveness, readiness that reports both Kafka and PostgreSQL, and its
 * Flyway migrations applied to its own schema. Each service's test extends it as a {@code @QuarkusTest} with
 * the Kafka and PostgreSQL test resources.
 */
public abstract class ServiceHealthContract {

    public static final String DATABASE_CHECK = "Database connections health check";
    public static final String KAFKA_CHECK = "Kafka connection health check";

    /** Tables the service's own migrations create, besides the shared outbox and consumed-event log. */
    protected abstract List<String> ownTables();

    @Test
    void isLive() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void isReadyAndReadinessCoversKafkaAndTheDatabase() {
        given().when().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems(DATABASE_CHECK, KAFKA_CHECK));
    }

    @Test
    void anonymousHealthSaysUpOrDownWithoutNamingHostsOrChannelsAndAdminsGetTheDetails() {
        String bootstrap = ConfigProvider.getConfig().getOptionalValue("kafka.bootstrap.servers", String.class)
                .orElse("localhost");
        for (String path : List.of("/q/health", "/q/health/", "/q/health/live", "/q/health/ready",
                "/q/health/started")) {
            String body = given().when().get(path).then().statusCode(200).body("status", equalTo("UP"))
                    .extract().asString();
            org.assertj.core.api.Assertions.assertThat(body).as(path)
                    .doesNotContain("\"data\"").doesNotContain(bootstrap).doesNotContain("localhost")
                    .doesNotContain("127.0.0.1");
        }
        given().when().get("/admin/health").then().statusCode(401);
        String details = given().auth().oauth2(io.slaplatform.testkit.security.TestTokens.admin())
                .when().get("/admin/health").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItems(DATABASE_CHECK, KAFKA_CHECK)).extract().asString();
        org.assertj.core.api.Assertions.assertThat(details).contains("\"data\"");
    }

    @Test
    void flywayMigratedTheServiceOwnSchema() throws SQLException {
        String schema = ConfigProvider.getConfig().getValue("db.schema", String.class);
        List<String> tables = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(PostgresSchemas.url(), PostgresSchemas.user(),
                PostgresSchemas.password());
             PreparedStatement q = c.prepareStatement(
                     "SELECT table_name FROM information_schema.tables WHERE table_schema = ?")) {
            q.setString(1, schema);
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    tables.add(r.getString(1));
                }
            }
        }
        List<String> expected = new ArrayList<>(List.of("outbox_event", "consumed_event", "flyway_schema_history"));
        expected.addAll(ownTables());
        assertThat(tables, hasItems(expected.toArray(String[]::new)));
    }
}
