package io.slaplatform.runtime.rest;

import io.slaplatform.events.Impact;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueryParametersTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T15:00:00Z"), ZoneOffset.UTC);

    @ParameterizedTest
    @ValueSource(strings = {"abc", "-1", "0", "1001", "2147483648", "99999999999999999999", "1e3", "1.5", "+5",
            "0x10", "١٠"})
    void aLimitThatIsNotAWholeNumberFrom1To1000IsA400NamingIt(String value) {
        assertThatThrownBy(() -> QueryParameters.limit("limit", value))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.problem().errors())
                        .extracting(Problem.FieldError::field).containsExactly("limit"));
    }

    @ParameterizedTest
    @CsvSource({"1,1", "100,100", "1000,1000", "' 42 ',42", "0042,42"})
    void aLimitFrom1To1000IsTaken(String value, int expected) {
        assertThat(QueryParameters.limit("limit", value)).isEqualTo(expected);
        assertThat(QueryParameters.limit("limit", null)).isEqualTo(QueryParameters.DEFAULT_LIMIT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0000-01-01T00:00:00Z", "-000001-01-01T00:00:00Z", "+100000-01-01T00:00:00Z",
            "1969-12-31T23:59:59.999Z", "3000-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "2026-11-27", "now"})
    void anInstantTheCalendarsCannotServeIsA400NamingIt(String value) {
        assertThatThrownBy(() -> QueryParameters.instant("at", value, CLOCK))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.problem().errors())
                        .extracting(Problem.FieldError::field).containsExactly("at"));
    }

    @ParameterizedTest
    @CsvSource({"1970-01-01T00:00:00Z,1970-01-01T00:00:00Z",
            "2999-12-31T23:59:59.999999999Z,2999-12-31T23:59:59.999999999Z",
            "2026-11-27T16:00:00+01:00,2026-11-27T15:00:00Z"})
    void anInstantFrom1970To2999IsTaken(String value, String expected) {
        assertThat(QueryParameters.instant("at", value, CLOCK)).isEqualTo(Instant.parse(expected));
        assertThat(QueryParameters.instant("at", " ", CLOCK)).isEqualTo(CLOCK.instant());
    }

    @ParameterizedTest
    @ValueSource(strings = {"+10000-01", "0000-01", "-0001-01", "1969-12", "3000-01", "2026-13", "2026-1"})
    void aMonthOutsideTheYears1970To2999IsA400NamingIt(String value) {
        assertThatThrownBy(() -> QueryParameters.month("from", value, YearMonth.of(2026, 11)))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.problem().errors())
                        .extracting(Problem.FieldError::field).containsExactly("from"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"critical", "Critical", "URGENT", ""})
    void anImpactIsSpeltInUpperCaseAsEverywhereInTheApi(String value) {
        assertThatThrownBy(() -> QueryParameters.impact("impact", value)).isInstanceOf(ProblemException.class);
        assertThat(QueryParameters.impact("impact", "CRITICAL")).isEqualTo(Impact.CRITICAL);
    }
}
