package io.slaplatform.notifier.repository;

import io.agroal.api.AgroalDataSource;
import io.slaplatform.events.Impact;
import io.slaplatform.notifier.domain.AlertType;
import io.slaplatform.notifier.domain.Subscription;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Subscriptions in PostgreSQL; callers bring the transaction. */
@ApplicationScoped
public class SubscriptionRepository {

    private static final String COLUMNS =
            "id, email, event_types, minimum_impact, calendars, locale, created_at, updated_at";

    private final AgroalDataSource dataSource;

    SubscriptionRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void insert(Subscription s) {
        run("INSERT INTO subscription (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)", (c, q) -> {
            q.setObject(1, s.id());
            bindBody(c, q, 2, s);
            q.setTimestamp(7, Timestamp.from(s.createdAt()));
            q.setTimestamp(8, Timestamp.from(s.updatedAt()));
            return q.executeUpdate();
        });
    }

    /** @return false when no subscription has this id */
    public boolean update(Subscription s) {
        return run("""
                UPDATE subscription SET email = ?, event_types = ?, minimum_impact = ?, calendars = ?, locale = ?,
                updated_at = ? WHERE id = ?""", (c, q) -> {
            bindBody(c, q, 1, s);
            q.setTimestamp(6, Timestamp.from(s.updatedAt()));
            q.setObject(7, s.id());
            return q.executeUpdate();
        }) == 1;
    }

    /** @return false when no subscription has this id */
    public boolean delete(UUID id) {
        return run("DELETE FROM subscription WHERE id = ?", (c, q) -> {
            q.setObject(1, id);
            return q.executeUpdate();
        }) == 1;
    }

    public Optional<Subscription> find(UUID id) {
        return query("SELECT " + COLUMNS + " FROM subscription WHERE id = ?", q -> q.setObject(1, id))
                .stream().findFirst();
    }

    /** Every subscription, oldest first; only those of {@code email} (ignoring case) when it is given. */
    public List<Subscription> list(String email) {
        if (email == null) {
            return query("SELECT " + COLUMNS + " FROM subscription ORDER BY created_at, id", q -> { });
        }
        return query("SELECT " + COLUMNS + " FROM subscription WHERE lower(email) = lower(?) ORDER BY created_at, id",
                q -> q.setString(1, email));
    }

    /** The subscriptions that want alerts of this type, oldest first (the filters are for the caller). */
    public List<Subscription> subscribedTo(AlertType type) {
        return query("SELECT " + COLUMNS + " FROM subscription WHERE event_types @> ARRAY[?]::text[] "
                + "ORDER BY created_at, id", q -> q.setString(1, type.ceType()));
    }

    private static void bindBody(Connection c, PreparedStatement q, int first, Subscription s) throws SQLException {
        q.setString(first, s.email());
        q.setArray(first + 1, c.createArrayOf("text",
                s.alertTypes().stream().sorted().map(AlertType::ceType).toArray()));
        q.setString(first + 2, s.minimumImpact() == null ? null : s.minimumImpact().name());
        q.setArray(first + 3, c.createArrayOf("text", s.calendars().stream().sorted().toArray()));
        q.setString(first + 4, s.locale());
    }

    private List<Subscription> query(String sql, Binder binder) {
        return run(sql, (c, q) -> {
            binder.bind(q);
            List<Subscription> found = new ArrayList<>();
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    found.add(read(r));
                }
            }
            return found;
        });
    }

    private static Subscription read(ResultSet r) throws SQLException {
        Set<AlertType> types = EnumSet.noneOf(AlertType.class);
        for (String ceType : strings(r.getArray("event_types"))) {
            AlertType.ofCeType(ceType).ifPresent(types::add);
        }
        String impact = r.getString("minimum_impact");
        return new Subscription(r.getObject("id", UUID.class), r.getString("email"), types,
                impact == null ? null : Impact.valueOf(impact),
                new LinkedHashSet<>(Arrays.asList(strings(r.getArray("calendars")))), r.getString("locale"),
                r.getTimestamp("created_at").toInstant(), r.getTimestamp("updated_at").toInstant());
    }

    private static String[] strings(Array array) throws SQLException {
        return array == null ? new String[0] : (String[]) array.getArray();
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement q) throws SQLException;
    }

    @FunctionalInterface
    private interface Statement<T> {
        T run(Connection c, PreparedStatement q) throws SQLException;
    }

    private <T> T run(String sql, Statement<T> statement) {
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(sql)) {
            return statement.run(c, q);
        } catch (SQLException e) {
            throw new IllegalStateException("Subscription storage failed", e);
        }
    }
}
