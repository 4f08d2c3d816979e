package io.slaplatform.notifier.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.slaplatform.events.Impact;
import io.slaplatform.notifier.domain.AlertType;
import io.slaplatform.notifier.domain.Subscription;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A subscription as the API shows it; absent options are left out, lists are sorted. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SubscriptionView(UUID id, String email, List<AlertType> eventTypes, Impact minimumImpact,
                               List<String> calendars, String locale, Instant createdAt, Instant updatedAt) {

    public static SubscriptionView of(Subscription s) {
        return new SubscriptionView(s.id(), s.email(), s.alertTypes().stream().sorted().toList(), s.minimumImpact(),
                s.calendars().stream().sorted().toList(), s.locale(), s.createdAt(), s.updatedAt());
    }
}
