package io.slaplatform.intake.security;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The form of a form backend's API key, {@code sfk_<keyId>_<secret>}: a public key id (12 random lowercase base32
 * characters, the row's primary key) and a secret of 32 random bytes, base64url without padding. Only the SHA-256
 * of the secret is stored: with 256 bits of entropy it needs no salt or stretching, and checking it costs
 * microseconds, so a flood of bad keys cannot burn CPU.
 */
public final class ApiKeyFormat {

    static final String PREFIX = "sfk_";
    static final int KEY_ID_LENGTH = 12;
    /** A key id: twelve base-32 digits. */
    public static final String KEY_ID = "[a-z2-7]{12}";
    static final int SECRET_BYTES = 32;
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final Pattern KEY = Pattern.compile("sfk_(" + KEY_ID + ")_([A-Za-z0-9_-]{43})");
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private ApiKeyFormat() {
    }

    /** A new key: what the admin is shown once, and what is stored. */
    public record NewKey(String keyId, String apiKey, byte[] secretSha256) {
    }

    /** A presented key, split: the id to look up and the SHA-256 of the secret to compare. */
    public record Presented(String keyId, byte[] secretSha256) {
    }

    public static NewKey generate(SecureRandom random) {
        StringBuilder keyId = new StringBuilder(KEY_ID_LENGTH);
        for (int i = 0; i < KEY_ID_LENGTH; i++) {
            keyId.append(BASE32[random.nextInt(BASE32.length)]);
        }
        byte[] secret = new byte[SECRET_BYTES];
        random.nextBytes(secret);
        return new NewKey(keyId.toString(), PREFIX + keyId + "_" + ENCODER.encodeToString(secret), sha256(secret));
    }

    /** The key split into id and secret hash; empty for anything not shaped like a key. */
    public static Optional<Presented> parse(String apiKey) {
        if (apiKey == null) {
            return Optional.empty();
        }
        Matcher key = KEY.matcher(apiKey);
        if (!key.matches()) {
            return Optional.empty();
        }
        byte[] secret = Base64.getUrlDecoder().decode(key.group(2));
        if (!ENCODER.encodeToString(secret).equals(key.group(2))) {
            return Optional.empty(); // non-canonical trailing bits: one secret, one spelling
        }
        return Optional.of(new Presented(key.group(1), sha256(secret)));
    }

    /** Whether the presented secret is the stored one, in time independent of where they differ. */
    public static boolean matches(Presented presented, byte[] storedSha256) {
        return MessageDigest.isEqual(presented.secretSha256(), storedSha256);
    }

    static byte[] sha256(byte[] secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
