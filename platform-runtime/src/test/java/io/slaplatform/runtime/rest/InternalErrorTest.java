package io.slaplatform.runtime.rest;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.slaplatform.runtime.messaging.ProxiedPostgresTestResource;
import io.slaplatform.testkit.quarkus.KafkaTestResource;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Filter;
import java.util.logging.Handler;
import java.util.logging.Level;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.LogContext;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A failure nobody foresaw: the caller gets a problem with an incident id and nothing of the failure (no class,
 * no SQL, no stack trace, no data); the log keeps the trace for the operators, with addresses masked by the
 * console handler's filter as configured for every service.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(ProxiedPostgresTestResource.class)
class InternalErrorTest {

    @Test
    void aProblemWithAnIncidentIdAndNothingOfTheFailure() {
        String body = given().when().post("/test/failures").then()
                .statusCode(500)
                .contentType(Problem.MEDIA_TYPE)
                .extract().asString();
        assertThat(body).contains("\"status\":500").containsPattern("incident [0-9a-f-]{36}");
        for (String leak : List.of("Exception", "SQL", "sql", "duplicate key", "23505", "license_email", "jane",
                "customer.example", "at io.", "org.postgresql", "java.")) {
            assertThat(body).as("the 500 body must not contain " + leak).doesNotContain(leak);
        }
    }

    @Test
    void theConsoleHandlerMasksAddressesInMessagesAndTraces() {
        Handler[] handlers = LogContext.getLogContext().getLogger("").getHandlers();
        List<Filter> filters = Arrays.stream(handlers).flatMap(InternalErrorTest::withNested)
                .map(Handler::getFilter).filter(f -> f != null).toList();
        assertThat(filters).as("a filter on the console handler").isNotEmpty();

        ExtLogRecord record = new ExtLogRecord(Level.SEVERE, "Unexpected failure for " + FailingResource.ADDRESS,
                InternalErrorTest.class.getName());
        record.setThrown(new IllegalStateException("wraps", new RuntimeException("Key (email)=("
                + FailingResource.ADDRESS + ")")));
        filters.forEach(f -> f.isLoggable(record));

        StringWriter trace = new StringWriter();
        record.getThrown().printStackTrace(new PrintWriter(trace));
        assertThat(record.getFormattedMessage()).isEqualTo("Unexpected failure for j***@customer.example");
        assertThat(trace.toString()).contains("Key (email)=(j***@customer.example)").doesNotContain("jane.doe");
    }

    private static java.util.stream.Stream<Handler> withNested(Handler handler) {
        if (handler instanceof org.jboss.logmanager.ExtHandler ext && ext.getHandlers().length > 0) {
            return java.util.stream.Stream.concat(java.util.stream.Stream.of(handler),
                    Arrays.stream(ext.getHandlers()).flatMap(InternalErrorTest::withNested));
        }
        return java.util.stream.Stream.of(handler);
    }
}
