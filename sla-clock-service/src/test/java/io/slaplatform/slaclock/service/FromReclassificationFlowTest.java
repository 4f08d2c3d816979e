package io.slaplatform.slaclock.service;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.slaplatform.events.ReclassificationPolicy;
import io.slaplatform.testkit.quarkus.KafkaTestResource;
import io.slaplatform.testkit.quarkus.PostgresSchemaTestResource;
import java.util.Map;

/**
 * {@link ReclassificationFlowContract} under FROM_RECLASSIFICATION: business time before the change no longer
 * counts, the new target runs from the change. A profile of its own, so a second application start.
 */
@QuarkusTest
@TestProfile(FromReclassificationFlowTest.ShortTargetsFromReclassification.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresSchemaTestResource.class)
class FromReclassificationFlowTest extends ReclassificationFlowContract {

    /** The flow tests' short targets, with the alternative reclassification policy. */
    public static class ShortTargetsFromReclassification implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return ShortTargetsConfig.overridesWith(Map.of("sla.reclassification-policy", "FROM_RECLASSIFICATION"));
        }
    }

    @Override
    ReclassificationPolicy policy() {
        return ReclassificationPolicy.FROM_RECLASSIFICATION;
    }
}
