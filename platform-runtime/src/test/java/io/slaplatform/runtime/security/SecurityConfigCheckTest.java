package io.slaplatform.runtime.security;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SecurityConfigCheckTest {

    private static Config config(Map<String, String> values) {
        return new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(values, "test", 100)).build();
    }

    @Test
    void namesEveryMissingKeyWithItsEnvironmentVariable() {
        assertThat(SecurityConfigCheck.missing(config(Map.of("mp.jwt.verify.audiences", " "))))
                .containsExactly("mp.jwt.verify.issuer (MP_JWT_VERIFY_ISSUER)",
                        "mp.jwt.verify.audiences (MP_JWT_VERIFY_AUDIENCES)",
                        "mp.jwt.verify.publickey (MP_JWT_VERIFY_PUBLICKEY) or mp.jwt.verify.publickey.location "
                                + "(MP_JWT_VERIFY_PUBLICKEY_LOCATION)");
    }

    @Test
    void acceptsAPublicKeyOrAJwksLocation() {
        Map<String, String> base = Map.of("mp.jwt.verify.issuer", "https://idp", "mp.jwt.verify.audiences",
                "sla-platform");
        var withKey = new java.util.HashMap<>(base);
        withKey.put("mp.jwt.verify.publickey", "MIIB...");
        var withJwks = new java.util.HashMap<>(base);
        withJwks.put("mp.jwt.verify.publickey.location", "https://idp/jwks");
        assertThat(SecurityConfigCheck.missing(config(withKey))).isEmpty();
        assertThat(SecurityConfigCheck.missing(config(withJwks))).isEmpty();
        assertThat(SecurityConfigCheck.missing(config(base))).hasSize(1);
    }
}
