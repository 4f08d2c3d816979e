package io.slaplatform.slaclock.rest;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.slaplatform.testkit.quarkus.KafkaTestResource;
import io.slaplatform.testkit.quarkus.PostgresSchemaTestResource;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresSchemaTestResource.class)
class SlaPreviewResourceTest {

    static Stream<Arguments> previews() {
        return Stream.of(
                // country, impact, submitted at (UTC), calendar, target, deadline (UTC), deadline (calendar's local time)
                // Friday 16:00 in Zurich, CRITICAL: one hour on Friday, one on Monday
                Arguments.of("CH", "CRITICAL", "2026-11-27T15:00:00Z", "swiss", "PT2H",
                        "2026-11-30T09:00:00Z", "2026-11-30T10:00:00+01:00"),
                // Saturday in Germany: accrues from Monday 09:00
                Arguments.of("DE", "MAJOR", "2026-11-28T10:00:00Z", "swiss", "PT4H",
                        "2026-11-30T12:00:00Z", "2026-11-30T13:00:00+01:00"),
                // Thursday 16:00 PDT before the observed Independence Day (Friday 2026-07-03): 1 h Thu, 8 h Mon, 3 h Tue
                Arguments.of("US", "LIMITED", "2026-07-02T23:00:00Z", "us-pacific", "PT12H",
                        "2026-07-07T19:00:00Z", "2026-07-07T12:00:00-07:00"),
                // Australia is served on Pacific time; Monday 09:00 PST, used up exactly at closing time: 17:00
                // that day, not 09:00 the next
                Arguments.of("AU", "MODERATE", "2026-11-30T17:00:00Z", "us-pacific", "PT8H",
                        "2026-12-01T01:00:00Z", "2026-11-30T17:00:00-08:00"),
                // Japan, Brazil and Antarctica fall to the default calendar
                Arguments.of("JP", "CRITICAL", "2026-11-30T08:00:00Z", "swiss", "PT2H",
                        "2026-11-30T10:00:00Z", "2026-11-30T11:00:00+01:00"),
                Arguments.of("BR", "CRITICAL", "2026-11-30T08:00:00Z", "swiss", "PT2H",
                        "2026-11-30T10:00:00Z", "2026-11-30T11:00:00+01:00"),
                Arguments.of("AQ", "CRITICAL", "2026-11-30T08:00:00Z", "swiss", "PT2H",
                        "2026-11-30T10:00:00Z", "2026-11-30T11:00:00+01:00"));
    }

    @ParameterizedTest(name = "{0} {1} at {2} -> {5}")
    @MethodSource("previews")
    void previewShowsTheDeadlineInUtcAndInTheCalendarsTimeZone(String country, String impact, String at,
                                                                String calendar, String target, String deadline,
                                                                String deadlineLocal) {
        given().queryParam("country", country).queryParam("impact", impact).queryParam("at", at)
                .when().get("/sla/preview").then()
                .statusCode(200)
                .body("calendar", equalTo(calendar))
                .body("target", equalTo(target))
                .body("deadline", equalTo(deadline))
                .body("deadlineLocal", equalTo(deadlineLocal));
    }

    @Test
    void previewNamesTheTimeZoneAndTheWarningAtThreeQuartersOfTheTarget() {
        given().queryParam("country", "CH").queryParam("impact", "CRITICAL").queryParam("at", "2026-11-27T15:00:00Z")
                .when().get("/sla/preview").then()
                .statusCode(200)
                .body("timeZone", equalTo("Europe/Zurich"))
                .body("submittedAt", equalTo("2026-11-27T15:00:00Z"))
                .body("warnings[0].share", equalTo(0.75f))
                // 90 business minutes: 60 on Friday, 30 on Monday; i.e. 30 minutes before the deadline
                .body("warnings[0].at", equalTo("2026-11-30T08:30:00Z"))
                .body("warnings[0].atLocal", equalTo("2026-11-30T09:30:00+01:00"));
    }

    @Test
    void previewDefaultsToNow() {
        given().queryParam("country", "US").queryParam("impact", "MAJOR")
                .when().get("/sla/preview").then()
                .statusCode(200)
                .body("calendar", equalTo("us-pacific"))
                .body("timeZone", equalTo("America/Los_Angeles"));
    }

    static Stream<Arguments> badParameters() {
        return Stream.of(
                // query string, the parameter the problem must name
                Arguments.of("impact=MAJOR", "country"),
                Arguments.of("country=XX&impact=MAJOR", "country"),
                Arguments.of("country=CH", "impact"),
                Arguments.of("country=CH&impact=URGENT", "impact"),
                Arguments.of("country=CH&impact=MAJOR&at=tomorrow", "at"),
                Arguments.of("country=CH&impact=MAJOR&at=2026-11-27T15:00:00", "at"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badParameters")
    void badParameterIsAProblemNamingIt(String query, String parameter) {
        given().when().get("/sla/preview?" + query).then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem(parameter));
    }
}
