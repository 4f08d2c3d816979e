package io.slaplatform.runtime.messaging;

import io.slaplatform.testkit.PostgresSchemas;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The platform's migrations beside a service's own, as every service runs them ({@code db/platform} then
 * {@code db/migration}, one history table): 0.x sorts before V1, V2..., and a schema migrated before a platform
 * migration existed (it has V1 already) gets it at its next start with the settings platform-runtime ships.
 */
class PlatformMigrationsTest {

    @Test
    void platformMigrationsRunBeforeTheServicesOwn() throws SQLException {
        String schema = PostgresSchemas.newSchemaName("test");
        try {
            flyway(schema, false).migrate();
            assertThat(appliedVersions(schema)).containsExactly("0.1", "0.2", "0.3", "0.4", "1");
        } finally {
            PostgresSchemas.drop(schema);
        }
    }

    @Test
    void aSchemaMigratedBeforeParkedEventExistedGetsItAtTheNextStart() throws SQLException {
        String schema = PostgresSchemas.newSchemaName("test");
        try {
            flyway(schema, false).migrate();
            // as it was before V0_2: the platform's 0.1 and the service's V1
            execute(schema, "DROP TABLE parked_event");
            execute(schema, "DELETE FROM flyway_schema_history WHERE version = '0.2'");

            // Flyway's default refuses a resolved migration older than the newest applied one...
            assertThatThrownBy(() -> flyway(schema, false).migrate())
                    .hasMessageContaining("not applied");
            // ...platform-runtime's settings apply it
            flyway(schema, shippedOutOfOrder()).migrate();
            assertThat(appliedVersions(schema)).containsExactlyInAnyOrder("0.1", "0.2", "0.3", "0.4", "1");
            execute(schema, "SELECT count(*) FROM parked_event");
        } finally {
            PostgresSchemas.drop(schema);
        }
    }

    private static Flyway flyway(String schema, boolean outOfOrder) {
        return Flyway.configure()
                .dataSource(PostgresSchemas.url(), PostgresSchemas.user(), PostgresSchemas.password())
                .schemas(schema)
                .locations("db/platform", "db/testmigration")
                .outOfOrder(outOfOrder)
                .target(MigrationVersion.LATEST)
                .load();
    }

    /** quarkus.flyway.out-of-order as platform-runtime ships it to every service. */
    private static boolean shippedOutOfOrder() {
        Properties shipped = new Properties();
        try (InputStream in = PlatformMigrationsTest.class
                .getResourceAsStream("/META-INF/microprofile-config.properties")) {
            shipped.load(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return Boolean.parseBoolean(shipped.getProperty("quarkus.flyway.out-of-order"));
    }

    private static List<String> appliedVersions(String schema) throws SQLException {
        List<String> versions = new ArrayList<>();
        try (Connection c = connect(schema); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("""
                     SELECT version FROM flyway_schema_history WHERE type = 'SQL' AND success
                     ORDER BY installed_rank""")) {
            while (r.next()) {
                versions.add(r.getString(1));
            }
        }
        return versions;
    }

    private static void execute(String schema, String sql) throws SQLException {
        try (Connection c = connect(schema); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static Connection connect(String schema) throws SQLException {
        Connection c = DriverManager.getConnection(PostgresSchemas.url(), PostgresSchemas.user(),
                PostgresSchemas.password());
        c.setSchema(schema);
        return c;
    }
}
