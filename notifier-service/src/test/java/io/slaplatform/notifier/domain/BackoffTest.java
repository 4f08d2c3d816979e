package io.slaplatform.notifier.domain;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofSeconds(30), Duration.ofMinutes(30));

    @ParameterizedTest
    @CsvSource({
            // failed attempts, pause
            "1,  PT30S",
            "2,  PT1M",
            "3,  PT2M",
            "6,  PT16M",
            "7,  PT30M",   // 32 min capped
            "50, PT30M",
            "2147483647, PT30M"})
    void doublesFromInitialUpToMax(int failedAttempts, String pause) {
        assertThat(backoff.after(failedAttempts)).isEqualTo(Duration.parse(pause));
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> backoff.after(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofMinutes(2), Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
