package io.slaplatform.benchbaseline;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The intake benchmark's baseline: the same JSON body as intake-service's {@code POST /requests}, bound to a
 * record by the same Quarkus REST and Jackson, stored with one INSERT on a worker thread, answered 201 with the
 * new id. Nothing else: no authentication, validation, history, outbox or Kafka.
 */
@Path("/requests")
public class BareInsertResource {

    /** The fields of intake's NewSupportRequest. */
    public record NewRequest(String licenseEmail, String contactEmail, String impact, String subject,
                             String description, String country, String locale) {
    }

    private final AgroalDataSource dataSource;
    private final Clock clock = Clock.systemUTC();

    BareInsertResource(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    void createTable(@Observes StartupEvent event, @ConfigProperty(name = "db.schema") String schema)
            throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
            s.execute("""
                    CREATE TABLE IF NOT EXISTS %s.bare_request (
                        id UUID PRIMARY KEY, license_email VARCHAR(320), contact_email VARCHAR(320),
                        impact VARCHAR(16), subject VARCHAR(200), description TEXT, country VARCHAR(2),
                        locale VARCHAR(35), submitted_at TIMESTAMPTZ NOT NULL)""".formatted(schema));
        }
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response submit(NewRequest body) throws SQLException {
        UUID id = UUID.randomUUID();
        try (Connection c = dataSource.getConnection();
             PreparedStatement insert = c.prepareStatement("""
                     INSERT INTO bare_request (id, license_email, contact_email, impact, subject, description, country,
                                               locale, submitted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            insert.setObject(1, id);
            insert.setString(2, body.licenseEmail());
            insert.setString(3, body.contactEmail());
            insert.setString(4, body.impact());
            insert.setString(5, body.subject());
            insert.setString(6, body.description());
            insert.setString(7, body.country());
            insert.setString(8, body.locale());
            insert.setTimestamp(9, Timestamp.from(clock.instant()));
            insert.executeUpdate();
        }
        return Response.status(Response.Status.CREATED).entity(Map.of("id", id)).build();
    }
}
