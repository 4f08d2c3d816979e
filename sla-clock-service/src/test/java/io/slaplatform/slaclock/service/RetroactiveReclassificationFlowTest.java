package io.slaplatform.slaclock.service;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.slaplatform.events.ReclassificationPolicy;
import io.slaplatform.testkit.quarkus.KafkaTestResource;
import io.slaplatform.testkit.quarkus.PostgresSchemaTestResource;

/** {@link ReclassificationFlowContract} under RETROACTIVE, the default: the new target counts from the cycle start. */
@QuarkusTest
@TestProfile(SlaClockFlowTest.ShortTargets.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresSchemaTestResource.class)
class RetroactiveReclassificationFlowTest extends ReclassificationFlowContract {

    @Override
    ReclassificationPolicy policy() {
        return ReclassificationPolicy.RETROACTIVE;
    }
}
