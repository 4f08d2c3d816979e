package io.slaplatform.testkit.security;

import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Makes every service under test (the {@code test} profile) trust {@link TestTokens}: their issuer, audience and
 * public key. Found through {@code META-INF/services}; a low ordinal, so a test profile can still override.
 */
public class TestJwtConfigSource implements ConfigSource {

    private static final String PREFIX = "%test.";

    @Override
    public Set<String> getPropertyNames() {
        return Set.of(PREFIX + "mp.jwt.verify.publickey", PREFIX + "mp.jwt.verify.issuer");
    }

    @Override
    public String getValue(String name) {
        return switch (name) {
            case PREFIX + "mp.jwt.verify.publickey" -> TestTokens.publicKeyBase64();
            case PREFIX + "mp.jwt.verify.issuer" -> TestTokens.ISSUER;
            default -> null;
        };
    }

    @Override
    public Map<String, String> getProperties() {
        return Map.of(PREFIX + "mp.jwt.verify.publickey", TestTokens.publicKeyBase64(),
                PREFIX + "mp.jwt.verify.issuer", TestTokens.ISSUER);
    }

    @Override
    public int getOrdinal() {
        return 50;
    }

    @Override
    public String getName() {
        return "testkit-jwt";
    }
}
