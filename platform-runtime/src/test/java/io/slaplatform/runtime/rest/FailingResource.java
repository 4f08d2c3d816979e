package io.slaplatform.runtime.rest;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import java.sql.SQLException;

/** Test-only: fails the way a database constraint fails, with SQL and a customer's address in the messages. */
@Path("/test/failures")
@PermitAll
public class FailingResource {

    static final String ADDRESS = "jane.doe@customer.example";

    @POST
    public String fail() {
        throw new IllegalStateException("Cannot register the license of " + ADDRESS, new SQLException(
                "ERROR: duplicate key value violates unique constraint \"license_email\"\n  Detail: Key (email)=("
                        + ADDRESS + ") already exists.", "23505"));
    }
}
