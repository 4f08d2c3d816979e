package io.slaplatform.eligibility.rest;

import io.slaplatform.runtime.validation.IsoCountry;
import jakarta.validation.constraints.NotNull;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of {@code PUT /licenses/{id}/country}.
 *
 * @param country ISO 3166-1 alpha-2 code of the license holder
 */
@Schema(description = "The license holder's country")
public record HolderCountry(
        @Schema(description = "ISO 3166-1 alpha-2 code of the license holder; picks the SLA calendar", examples = "US")
        @NotNull @IsoCountry String country) {
}
