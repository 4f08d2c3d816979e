package io.slaplatform.runtime.security;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * Refuses to start a service whose token verification is not configured: without an issuer, an audience and a
 * public key (or JWKS location), MicroProfile JWT would either reject every token or skip a check. Every missing
 * key is named, with its environment variable.
 */
@Singleton
public class SecurityConfigCheck {

    static final List<String> KEY_SOURCES = List.of("mp.jwt.verify.publickey", "mp.jwt.verify.publickey.location",
            "smallrye.jwt.verify.key.location");

    void onStart(@Observes StartupEvent start, Config config) {
        List<String> missing = missing(config);
        if (!missing.isEmpty()) {
            throw new IllegalStateException("Token verification is not configured; set " + String.join(", ", missing)
                    + " (see the README, \"Security\")");
        }
    }

    static List<String> missing(Config config) {
        List<String> missing = new ArrayList<>();
        for (String key : List.of("mp.jwt.verify.issuer", "mp.jwt.verify.audiences")) {
            if (value(config, key).isEmpty()) {
                missing.add(key + " (" + env(key) + ")");
            }
        }
        if (KEY_SOURCES.stream().allMatch(key -> value(config, key).isEmpty())) {
            missing.add("mp.jwt.verify.publickey (" + env("mp.jwt.verify.publickey")
                    + ") or mp.jwt.verify.publickey.location (" + env("mp.jwt.verify.publickey.location") + ")");
        }
        return missing;
    }

    private static Optional<String> value(Config config, String key) {
        return config.getOptionalValue(key, String.class).map(String::strip).filter(v -> !v.isEmpty());
    }

    private static String env(String key) {
        return key.toUpperCase().replace('.', '_').replace('-', '_');
    }
}
