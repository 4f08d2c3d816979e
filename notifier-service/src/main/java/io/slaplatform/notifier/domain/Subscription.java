package io.slaplatform.notifier.domain;

import io.slaplatform.events.Impact;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * A support lead's subscription: which SLA alerts go to which address.
 *
 * @param email         where the alerts go
 * @param alertTypes    the alerts wanted; never empty
 * @param minimumImpact only tickets of this impact or above; null for every impact
 * @param calendars     only tickets on these business calendars; empty for every calendar
 * @param locale        language of the alerts (BCP 47); null for the deployment's default
 */
public record Subscription(UUID id, String email, Set<AlertType> alertTypes, Impact minimumImpact,
                           Set<String> calendars, String locale, Instant createdAt, Instant updatedAt) {

    public Subscription {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(email, "email");
        alertTypes = Set.copyOf(alertTypes);
        calendars = calendars == null ? Set.of() : Set.copyOf(calendars);
    }

    /** Whether an alert of this type, for a ticket of this impact on this calendar, is wanted. */
    public boolean matches(AlertType type, Impact impact, String calendar) {
        if (type == null || !alertTypes.contains(type)) {
            return false;
        }
        if (minimumImpact != null && (impact == null || impact.compareTo(minimumImpact) < 0)) {
            return false;
        }
        return calendars.isEmpty() || (calendar != null && calendars.contains(calendar));
    }
}
