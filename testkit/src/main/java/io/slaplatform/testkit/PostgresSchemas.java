package io.slaplatform.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Private schemas in the machine's PostgreSQL, so that test runs collide neither with each other nor with a
 * running local stack (which uses the schemas {@code intake}, {@code eligibility}, {@code sla_clock},
 * {@code notifier}). The server is {@code TEST_PG_URL} (default {@code jdbc:postgresql://127.0.0.1:5432/test}),
 * user {@code TEST_PG_USER} (default {@code postgres}), password {@code TEST_PG_PASSWORD} (default empty).
 */
public final class PostgresSchemas {

    private static final SecureRandom RANDOM = new SecureRandom();

    private PostgresSchemas() {
    }

    public static String url() {
        return env("TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    }

    public static String user() {
        return env("TEST_PG_USER", "postgres");
    }

    public static String password() {
        return env("TEST_PG_PASSWORD", "");
    }

    /** The test database as a {@link DataSource} (a connection per call, no pool), e.g. for {@link Sql}. */
    public static DataSource dataSource() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(url());
        dataSource.setUser(user());
        dataSource.setPassword(password());
        return dataSource;
    }

    /** A {@link TcpProxy} in front of the server, for tests that make the database misbehave. */
    public static TcpProxy proxy() {
        URI direct = direct();
        try {
            return new TcpProxy(direct.getHost(), direct.getPort() < 0 ? 5432 : direct.getPort());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start a PostgreSQL proxy", e);
        }
    }

    /** The JDBC URL of the same database reached through {@code proxy}. */
    public static String urlThrough(TcpProxy proxy) {
        URI direct = direct();
        return "jdbc:postgresql://127.0.0.1:" + proxy.port() + direct.getRawPath()
                + (direct.getRawQuery() == null ? "" : "?" + direct.getRawQuery());
    }

    private static URI direct() {
        return URI.create(url().substring("jdbc:".length()));
    }

    /** A fresh, unused schema name: {@code <prefix>_<16 hex digits>}. Flyway creates the schema. */
    public static String newSchemaName(String prefix) {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return prefix + "_" + HexFormat.of().formatHex(bytes);
    }

    /** Drops a schema and everything in it. */
    public static void drop(String schema) {
        if (!schema.matches("[a-z0-9_]+")) {
            throw new IllegalArgumentException("Refusing to drop schema " + schema);
        }
        try (Connection connection = DriverManager.getConnection(url(), user(), password());
             Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot drop schema " + schema, e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
