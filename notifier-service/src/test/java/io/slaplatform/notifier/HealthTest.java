package io.slaplatform.notifier;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.slaplatform.testkit.quarkus.KafkaTestResource;
import io.slaplatform.testkit.quarkus.PostgresSchemaTestResource;
import io.slaplatform.testkit.quarkus.ServiceHealthContract;
import java.util.List;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresSchemaTestResource.class)
class HealthTest extends ServiceHealthContract {

    @Override
    protected List<String> ownTables() {
        return List.of("subscription", "ticket", "deferred_alert", "outgoing_mail");
    }
}
