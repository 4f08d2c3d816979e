package io.slaplatform.testkit.quarkus;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.slaplatform.testkit.PostgresSchemas;
import java.util.Map;

/**
 * Gives a {@code @QuarkusTest} application its own fresh schema in the machine's PostgreSQL (through the
 * {@code db.schema} property every service reads) and drops it afterwards.
 */
public class PostgresSchemaTestResource implements QuarkusTestResourceLifecycleManager {

    private String schema;

    @Override
    public Map<String, String> start() {
        schema = PostgresSchemas.newSchemaName("test");
        return Map.of(
                "db.schema", schema,
                "quarkus.datasource.jdbc.url", PostgresSchemas.url(),
                "quarkus.datasource.username", PostgresSchemas.user(),
                "quarkus.datasource.password", PostgresSchemas.password());
    }

    @Override
    public void stop() {
        if (schema != null) {
            PostgresSchemas.drop(schema);
        }
    }
}
