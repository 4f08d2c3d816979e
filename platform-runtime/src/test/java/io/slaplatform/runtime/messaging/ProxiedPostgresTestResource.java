package io.slaplatform.runtime.messaging;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.slaplatform.testkit.EmbeddedKafka;
import io.slaplatform.testkit.PostgresSchemas;
import io.slaplatform.testkit.TcpProxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Like testkit's PostgresSchemaTestResource (a fresh schema, dropped afterwards), but the application reaches
 * PostgreSQL through a {@link TcpProxy} the test can cut; the test itself reads the schema directly. Also
 * creates the test listener's topic.
 */
public class ProxiedPostgresTestResource implements QuarkusTestResourceLifecycleManager {

    static final String TOPIC = "test.parking";
    static final int PARTITIONS = 3;

    // Shared through system properties (strings: Narayana copies them all): Quarkus may load this class once to
    // start the resource and again for the test, so static fields would not be shared. A watcher thread of the
    // started resource turns the requested state into the proxy's state and reports it back.
    private static final String REQUESTED = "platform-runtime-test.database.requested";
    private static final String STATE = "platform-runtime-test.database.state";
    private static final String SCHEMA = "platform-runtime-test.schema";

    private TcpProxy proxy;
    private String schema;
    private volatile boolean running = true;

    @Override
    public Map<String, String> start() {
        EmbeddedKafka.shared().createTopics(List.of(TOPIC), PARTITIONS);
        proxy = PostgresSchemas.proxy();
        schema = PostgresSchemas.newSchemaName("test");
        System.setProperty(SCHEMA, schema);
        System.setProperty(REQUESTED, "up");
        System.setProperty(STATE, "up");
        TcpProxy started = proxy;
        Thread watcher = new Thread(() -> {
            while (running) {
                String requested = System.getProperty(REQUESTED, "up");
                if (!requested.equals(System.getProperty(STATE))) {
                    if (requested.equals("down")) {
                        started.cut();
                    } else {
                        started.restore();
                    }
                    System.setProperty(STATE, requested);
                }
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "database-outage-switch");
        watcher.setDaemon(true);
        watcher.start();
        String proxied = PostgresSchemas.urlThrough(proxy);
        return Map.of(
                "db.schema", schema,
                "quarkus.datasource.jdbc.url", proxied,
                "quarkus.datasource.username", PostgresSchemas.user(),
                "quarkus.datasource.password", PostgresSchemas.password());
    }

    @Override
    public void stop() {
        running = false;
        if (proxy != null) {
            proxy.close();
        }
        if (schema != null) {
            PostgresSchemas.drop(schema);
        }
    }

    /** Breaks the application's connections to PostgreSQL and refuses new ones, until {@link #restoreDatabase()}. */
    static void cutDatabase() {
        switchDatabase("down");
    }

    static void restoreDatabase() {
        switchDatabase("up");
    }

    private static void switchDatabase(String state) {
        System.setProperty(REQUESTED, state);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!state.equals(System.getProperty(STATE))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The database proxy did not go " + state);
            }
            Thread.onSpinWait();
        }
    }

    /** The single number {@code sql} selects in the application's schema, read past the proxy. */
    static long count(String sql, Object... parameters) {
        return query(sql, parameters) instanceof Number n ? n.longValue() : -1;
    }

    /** The first column of the first row {@code sql} selects in the application's schema, or null. */
    static Object query(String sql, Object... parameters) {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getObject(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot run " + sql, e);
        }
    }

    /** The first row {@code sql} selects in the application's schema, by column name; empty when there is none. */
    static Map<String, Object> row(String sql, Object... parameters) {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            try (ResultSet r = s.executeQuery()) {
                Map<String, Object> row = new LinkedHashMap<>();
                if (r.next()) {
                    for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) {
                        row.put(r.getMetaData().getColumnLabel(i), r.getObject(i));
                    }
                }
                return row;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot run " + sql, e);
        }
    }

    /** A connection straight to PostgreSQL (not through the proxy), working in the application's schema. */
    static Connection connect() throws SQLException {
        Connection c = DriverManager.getConnection(PostgresSchemas.url(), PostgresSchemas.user(),
                PostgresSchemas.password());
        c.setSchema(System.getProperty(SCHEMA));
        return c;
    }
}
