package io.slaplatform.localstack;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The environment variables a packaged platform service is launched with, wherever it is launched from (the local
 * stack, the system tests, the load benchmarks): its HTTP port, the Kafka broker, and its PostgreSQL schema. How
 * it verifies tokens comes on top (testkit {@code JwtMinter.verifierEnvironment()}).
 */
public final class ServiceEnvironment {

    private ServiceEnvironment() {
    }

    /** The variables, in a map the caller may add to. */
    public static Map<String, String> of(int httpPort, String bootstrapServers, String jdbcUrl, String dbUser,
                                         String dbPassword, String schema) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(httpPort));
        env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
        env.put("QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl);
        env.put("QUARKUS_DATASOURCE_USERNAME", dbUser);
        env.put("QUARKUS_DATASOURCE_PASSWORD", dbPassword);
        env.put("DB_SCHEMA", schema);
        return env;
    }
}
