package io.slaplatform.systemtests;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.slaplatform.localstack.LocalStack;
import io.slaplatform.localstack.LocalStackConfig;
import io.slaplatform.testkit.PostgresSchemas;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.utils.Exit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * The local stack starts any number of times on one database: the real {@link LocalStack} (embedded broker, SMTP
 * sink, the four packaged services as processes), started and stopped in this JVM more times than intake lets a
 * form backend hold active API keys, always on the same four schemas, as {@code ./run-local.sh} is on a developer's
 * PostgreSQL. Each start must revoke the key of the start before and issue its own, so the API key in
 * {@code credentials.env} works and every earlier one is refused.
 *
 * <p>Its own schemas (fresh names, dropped at the end), ports from {@link PackagedServices#freePort()} (so it
 * collides neither with other tests nor with a developer's running local stack on the default ports) and state
 * directory under {@code target/}.
 */
class LocalStackRestartIT {

    /** One more than intake's cap of active keys per form backend ({@code ApiKeyService.MAX_ACTIVE_KEYS}, 5). */
    private static final int STARTS = 6;
    private static final String KEYS = "/form-backends/local-web-form/api-keys";
    private static final Pattern EXPORT = Pattern.compile("export (\\w+)='([^']*)'");

    private static final List<String> schemas = new ArrayList<>();
    private static LocalStackConfig config;

    @BeforeAll
    static void configure() {
        List<LocalStackConfig.Service> services = new ArrayList<>();
        Set<Integer> ports = distinctFreePorts(6);
        var port = ports.iterator();
        for (String name : List.of("intake-service", "eligibility-service", "sla-clock-service", "notifier-service")) {
            String schema = PostgresSchemas.newSchemaName("it");
            schemas.add(schema);
            services.add(new LocalStackConfig.Service(name, port.next(), schema, name.equals("notifier-service")));
        }
        for (LocalStackConfig.Service service : services) {
            assertThat(service.jar(PackagedServices.ROOT)).as("packaged by the " + service.name()
                    + " module before this test (the local stack runs the jars, as ./run-local.sh does)").exists();
        }
        config = new LocalStackConfig(PackagedServices.ROOT,
                Path.of("target", "local-stack-restarts").toAbsolutePath(),
                PostgresSchemas.url(), PostgresSchemas.user(), PostgresSchemas.password(), "127.0.0.1",
                port.next(), port.next(), PackagedServices.READY_TIMEOUT, List.of(), services);
    }

    @AfterAll
    static void cleanUp() {
        schemas.forEach(PostgresSchemas::drop);
        // LocalStack.start installed its Kafka shutdown guard in this JVM; give the next test Kafka's defaults back.
        Exit.resetShutdownHookAdder();
        Exit.resetHaltProcedure();
    }

    @Test
    void startsMoreTimesThanABackendMayHoldKeysAndOnlyTheLastStartsKeyWorks() {
        List<Map<String, String>> credentials = new ArrayList<>();
        List<Duration> startTimes = new ArrayList<>();
        List<Duration> stopTimes = new ArrayList<>();
        for (int start = 1; start <= STARTS; start++) {
            deleteCredentials(); // so that what is read below is this start's
            LocalStack stack = new LocalStack(config, Clock.systemUTC(), System.out);
            try {
                long began = System.nanoTime();
                assertThatCode(stack::start).as("start %d of %d on the same schemas", start, STARTS)
                        .doesNotThrowAnyException();
                startTimes.add(Duration.ofNanos(System.nanoTime() - began));
                Map<String, String> issued = readCredentials();
                assertThat(credentials).extracting(earlier -> earlier.get("SLA_API_KEY"))
                        .as("start %d wrote a key of its own", start).doesNotContain(issued.get("SLA_API_KEY"));
                credentials.add(issued);

                assertThat(activeLocalStackKeyIds(issued.get("SLA_ADMIN_TOKEN")))
                        .as("active keys labelled 'local stack' after start %d", start)
                        .containsExactly(keyId(issued.get("SLA_API_KEY")));
                if (start == STARTS) {
                    assertThat(postRequest(issued.get("SLA_API_KEY")).statusCode())
                            .as("a submission with the key of the last start").isEqualTo(201);
                    for (int earlier = 1; earlier < STARTS; earlier++) {
                        assertThat(postRequest(credentials.get(earlier - 1).get("SLA_API_KEY")).statusCode())
                                .as("a submission with the key of start %d", earlier).isEqualTo(401);
                    }
                }
            } finally {
                long stopping = System.nanoTime();
                stack.stop();
                stack.awaitStopped();
                stopTimes.add(Duration.ofNanos(System.nanoTime() - stopping));
            }
        }
        // Figures for whoever weighs this test's cost (six starts of four services); nothing asserts on them.
        System.out.printf("[LocalStackRestartIT] start until ready and credentials issued: %s; stop: %s%n",
                seconds(startTimes), seconds(stopTimes));
    }

    private static List<String> seconds(List<Duration> durations) {
        return durations.stream().map(d -> String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0)).toList();
    }

    private static void deleteCredentials() {
        try {
            Files.deleteIfExists(config.stateDirectory().resolve("credentials.env"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the start wrote to {@code credentials.env}, the file the walkthrough tells developers to source. */
    private static Map<String, String> readCredentials() {
        try {
            Map<String, String> variables = new LinkedHashMap<>();
            Matcher export = EXPORT.matcher(Files.readString(config.stateDirectory().resolve("credentials.env")));
            while (export.find()) {
                variables.put(export.group(1), export.group(2));
            }
            assertThat(variables).containsKeys("SLA_API_KEY", "SLA_ADMIN_TOKEN");
            return variables;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> activeLocalStackKeyIds(String adminToken) {
        List<Map<String, Object>> keys = intake().auth().oauth2(adminToken).when().get(KEYS)
                .then().statusCode(200).extract().jsonPath().getList("$");
        return keys.stream()
                .filter(key -> Boolean.TRUE.equals(key.get("active")) && "local stack".equals(key.get("label")))
                .map(key -> (String) key.get("keyId")).toList();
    }

    /** The key id of {@code sfk_<keyId>_<secret>}. */
    private static String keyId(String apiKey) {
        return apiKey.split("_", 3)[1];
    }

    /** A web form's submission, as the walkthrough makes it; intake checks the key before anything else. */
    private static io.restassured.response.Response postRequest(String apiKey) {
        return intake().header("X-API-Key", apiKey).body(Map.of(
                        "licenseEmail", "nobody@restart.example", "contactEmail", "jane@restart.example",
                        "impact", "LIMITED", "subject", "Restart check", "description", "Is the key accepted?",
                        "country", "CH"))
                .when().post("/requests");
    }

    private static RequestSpecification intake() {
        return RestAssured.given().baseUri("http://127.0.0.1").port(config.services().get(0).port())
                .contentType(ContentType.JSON);
    }

    private static Set<Integer> distinctFreePorts(int count) {
        Set<Integer> ports = new LinkedHashSet<>();
        while (ports.size() < count) {
            ports.add(PackagedServices.freePort());
        }
        return ports;
    }
}
