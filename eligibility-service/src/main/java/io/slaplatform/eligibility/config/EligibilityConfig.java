package io.slaplatform.eligibility.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Eligibility rules that vary by deployment. */
@ConfigMapping(prefix = "eligibility")
public interface EligibilityConfig {

    /**
     * The product a license must be for to earn a guaranteed response time, compared ignoring case
     * ({@code ELIGIBILITY_SUPPORTED_PRODUCT}).
     */
    @WithDefault("Pix4Dengine")
    String supportedProduct();
}
