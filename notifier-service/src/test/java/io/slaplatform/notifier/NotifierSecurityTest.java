package io.slaplatform.notifier;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.slaplatform.testkit.quarkus.EndpointSecurityContract;
import io.slaplatform.testkit.quarkus.KafkaTestResource;
import io.slaplatform.testkit.quarkus.PostgresSchemaTestResource;
import io.slaplatform.testkit.quarkus.SmtpTestResource;
import java.util.Map;
import java.util.Set;

import static io.slaplatform.runtime.security.Roles.ADMIN;
import static io.slaplatform.runtime.security.Roles.LEAD;
import static java.util.Map.entry;

/**
 * Subscriptions are for support leads; the mail log (customers' addresses, ticket subjects) and the retry of parked
 * mails are for administrators, as are platform-runtime's parked events (added by the contract).
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresSchemaTestResource.class)
@WithTestResource(SmtpTestResource.class)
class NotifierSecurityTest extends EndpointSecurityContract {

    @Override
    protected Map<String, Set<String>> access() {
        return Map.ofEntries(
                entry("POST /subscriptions", Set.of(LEAD)),
                entry("GET /subscriptions", Set.of(LEAD)),
                entry("GET /subscriptions/{id}", Set.of(LEAD)),
                entry("PUT /subscriptions/{id}", Set.of(LEAD)),
                entry("DELETE /subscriptions/{id}", Set.of(LEAD)),
                entry("GET /mails", Set.of(ADMIN)),
                entry("GET /mails/{id}", Set.of(ADMIN)),
                entry("GET /mails/parked", Set.of(ADMIN)),
                entry("POST /mails/parked/retry", Set.of(ADMIN)),
                entry("POST /mails/{id}/retry", Set.of(ADMIN)));
    }

    @Override
    protected String attackedEndpoint() {
        return "POST /mails/{id}/retry";
    }

    /** Mails have numeric ids; subscriptions UUIDs. */
    @Override
    protected String pathParameter(String endpoint, String name) {
        return endpoint.startsWith("GET /mails/") || endpoint.startsWith("POST /mails/") ? "9999999"
                : super.pathParameter(endpoint, name);
    }
}
