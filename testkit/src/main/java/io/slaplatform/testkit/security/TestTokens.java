package io.slaplatform.testkit.security;

import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;

/**
 * Tokens for tests, signed by one key pair per JVM that {@link TestJwtConfigSource} makes every service under
 * test trust (issuer {@value #ISSUER}, audience {@value JwtMinter#AUDIENCE}).
 *
 * <p>The pair is kept in a system property, not a static field: Quarkus loads the application (and the config
 * source) in its own class loader, and both sides must see the same key.
 */
public final class TestTokens {

    public static final String ISSUER = "https://issuer.test";
    private static final String PROPERTY = "testkit.jwt.keys";
    private static final Duration LIFETIME = Duration.ofHours(1);

    private TestTokens() {
    }

    /** The minter of this JVM's test tokens, for builders of tokens that must be refused. */
    public static JwtMinter minter() {
        return new JwtMinter(keys(), ISSUER);
    }

    public static String agent() {
        return minter().token("agent-alice", LIFETIME, "agent");
    }

    public static String lead() {
        return minter().token("lead-lou", LIFETIME, "lead");
    }

    public static String admin() {
        return minter().token("admin-ada", LIFETIME, "admin");
    }

    /** A web form backend's client-credentials token; {@code backendId} is its subject. */
    public static String formBackend(String backendId) {
        return minter().token(backendId, LIFETIME, "form-backend");
    }

    /** A valid token of someone with none of the platform's roles. */
    public static String noRoles() {
        return minter().token("visitor", LIFETIME);
    }

    /** A valid token carrying exactly these roles. */
    public static String withRoles(String... roles) {
        return minter().token("staff-" + String.join("-", roles), LIFETIME, roles);
    }

    static String publicKeyBase64() {
        return minter().publicKeyBase64();
    }

    private static KeyPair keys() {
        String stored = System.getProperty(PROPERTY);
        if (stored == null) {
            KeyPair fresh = JwtMinter.newKeyPair();
            Base64.Encoder b64 = Base64.getEncoder();
            System.getProperties().putIfAbsent(PROPERTY, b64.encodeToString(fresh.getPublic().getEncoded()) + "."
                    + b64.encodeToString(fresh.getPrivate().getEncoded()));
            stored = System.getProperty(PROPERTY); // whoever stored first wins
        }
        String[] parts = stored.split("\\.");
        try {
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            return new KeyPair(
                    rsa.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(parts[0]))),
                    rsa.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(parts[1]))));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
