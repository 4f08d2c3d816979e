package io.slaplatform.slaclock.rest;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.slaplatform.testkit.quarkus.KafkaTestResource;
import io.slaplatform.testkit.quarkus.PostgresSchemaTestResource;
import io.slaplatform.testkit.time.TestClock;
import jakarta.inject.Inject;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresSchemaTestResource.class)
class CalendarResourceTest {

    @Inject
    TestClock clock;

    @AfterEach
    void putTheClockBack() {
        clock.reset();
    }

    @Test
    void listsTheCalendarsOfTheTerms() {
        given().when().get("/calendars").then()
                .statusCode(200)
                .body("id", hasItems("swiss", "us-pacific"))
                .body("find { it.id == 'swiss' }.timeZone", equalTo("Europe/Zurich"))
                .body("find { it.id == 'swiss' }.hours", equalTo("MON-FRI 09:00-17:00"));
    }

    @Test
    void calendarShowsItsHolidays() {
        clock.moveTo(Instant.parse("2026-11-27T15:00:00Z")); // "this year and the next": 2026 and 2027
        given().when().get("/calendars/swiss").then()
                .statusCode(200)
                .body("holidays", hasItems("2026-12-25", "2027-01-01", "2027-01-02", "2027-03-26", "2027-09-20"))
                .body("holidays", not(hasItem("2028-01-01")));
        given().when().get("/calendars/us-pacific").then()
                .statusCode(200)
                .body("holidays", hasItems("2027-12-24", "2027-11-25"))
                .body("holidays", not(hasItem("2027-01-18"))); // MLK Day is federal, not in the major set
    }

    @Test
    void statusDuringBusinessHours() {
        given().queryParam("at", "2026-11-27T15:00:00Z").when().get("/calendars/swiss/status").then()
                .statusCode(200)
                .body("open", equalTo(true))
                .body("nextClosing", equalTo("2026-11-27T16:00:00Z"))
                .body("nextClosingLocal", equalTo("2026-11-27T17:00:00+01:00"))
                .body("nextOpening", equalTo("2026-11-30T08:00:00Z"));
    }

    @Test
    void statusOnAHolidayPointsToTheNextBusinessDay() {
        // Thanksgiving 2026, 10:00 in Los Angeles: closed; opens Friday 09:00
        given().queryParam("at", "2026-11-26T18:00:00Z").when().get("/calendars/us-pacific/status").then()
                .statusCode(200)
                .body("open", equalTo(false))
                .body("nextOpening", equalTo("2026-11-27T17:00:00Z"))
                .body("nextOpeningLocal", equalTo("2026-11-27T09:00:00-08:00"))
                .body("nextClosing", equalTo("2026-11-28T01:00:00Z"));
    }

    @Test
    void unknownCalendarIs404AndBadInstantIs400() {
        given().when().get("/calendars/mars/status").then()
                .statusCode(404)
                .contentType("application/problem+json");
        given().queryParam("at", "noon").when().get("/calendars/swiss/status").then()
                .statusCode(400)
                .body("errors[0].field", equalTo("at"))
                .body("nextOpening", nullValue());
    }
}
