package io.slaplatform.notifier.rest;

import io.slaplatform.events.Impact;
import io.slaplatform.notifier.domain.AlertType;
import io.slaplatform.runtime.validation.MailAddress;
import io.slaplatform.runtime.validation.Validation;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of {@code POST /subscriptions} and {@code PUT /subscriptions/{id}}. That each calendar is one the
 * notifier knows is checked by the service, which names {@code calendars[i]}.
 *
 * @param email         where alerts go: a plain address, no display name
 * @param eventTypes    the alerts wanted, by {@code ce_type}: ClockStarted, DeadlineApproaching, Breached,
 *                      DeadlineChanged, ResponseLate
 * @param minimumImpact optional: only tickets of this impact or above
 * @param calendars     optional: only tickets on these business calendars (e.g. {@code swiss}); absent or empty for all
 * @param locale        optional BCP 47 language tag of the alerts; the deployment's default when absent
 */
@Schema(description = "A support lead's subscription to SLA alerts by e-mail")
public record SubscriptionBody(
        @Schema(description = "Where alerts go: a plain address, no display name", examples = "lead@vendor.example")
        @MailAddress String email,
        @Schema(description = "The alerts wanted, by ce_type: ClockStarted, DeadlineApproaching, Breached, "
                + "DeadlineChanged, ResponseLate (1 to 10)", examples = "[\"DeadlineApproaching\", \"Breached\"]")
        @NotEmpty @Size(max = 10) List<@NotNull AlertType> eventTypes,
        @Schema(description = "Optional: only tickets of this impact or above", examples = "MAJOR")
        Impact minimumImpact,
        @Schema(description = "Optional: only tickets on these business calendars; absent or empty for all",
                examples = "[\"swiss\"]")
        @Size(max = 20) List<@NotBlank @Size(max = 100) String> calendars,
        @Schema(description = "Optional BCP 47 language tag of the alerts; notifier.mail.default-locale when absent",
                examples = "en")
        @Size(max = 35) @Pattern(regexp = Validation.LANGUAGE_TAG,
                message = "must be a BCP 47 language tag such as en or de-CH")
        String locale) {
}
