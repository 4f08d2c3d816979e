package io.slaplatform.testkit.security;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;

/**
 * Signs platform tokens with a key pair held in memory: staff tokens (roles in {@code groups}) and form-backend
 * client-credential tokens, and, for the attack tests, the tokens a verifier must refuse. The tests, the system
 * tests and the local stack use it; production tokens come from the deployment's identity provider.
 */
public final class JwtMinter {

    public static final String AUDIENCE = "sla-platform";

    private final KeyPair keys;
    private final String issuer;
    private final Clock clock;

    public JwtMinter(KeyPair keys, String issuer) {
        this(keys, issuer, Clock.systemUTC());
    }

    /** A minter whose tokens are issued at {@code clock}'s now. */
    public JwtMinter(KeyPair keys, String issuer, Clock clock) {
        this.keys = keys;
        this.issuer = issuer;
        this.clock = clock;
    }

    /** A fresh RSA-2048 key pair, for a test run or a local stack; never written anywhere. */
    public static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The environment variables with which a service verifies this minter's tokens (key, issuer, audience). */
    public Map<String, String> verifierEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("MP_JWT_VERIFY_PUBLICKEY", publicKeyBase64());
        env.put("MP_JWT_VERIFY_ISSUER", issuer);
        env.put("MP_JWT_VERIFY_AUDIENCES", AUDIENCE);
        return env;
    }

    /** The public key as base64 X.509 DER: the value of {@code mp.jwt.verify.publickey}. */
    public String publicKeyBase64() {
        return Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
    }

    public String issuer() {
        return issuer;
    }

    /** A valid token for {@code subject} with these roles, valid for {@code lifetime}. */
    public String token(String subject, Duration lifetime, String... roles) {
        return builder().subject(subject).roles(roles).lifetime(lifetime).build();
    }

    /** A valid token to start from; each setter makes it something else. */
    public Builder builder() {
        return new Builder();
    }

    /** A token whose payload was changed after signing (roles swapped for admin); the signature is the old one. */
    public static String tampered(String token) {
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String forged = payload.replaceFirst("\"groups\":\\[[^\\]]*\\]", "\"groups\":[\"admin\",\"agent\",\"lead\"]")
                .replaceFirst("\"sub\":\"[^\"]*\"", "\"sub\":\"mallory\"");
        return parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(forged.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    }

    /** A token cut short: the last characters of its signature missing. */
    public static String truncated(String token) {
        return token.substring(0, token.length() - 10);
    }

    /** Builds one token; unless told otherwise it is valid now for five minutes with no roles. */
    public final class Builder {
        private String tokenIssuer = issuer;
        private List<String> audiences = List.of(AUDIENCE);
        private String subject = "someone";
        private List<String> roles = List.of();
        private Instant issuedAt = clock.instant();
        private Instant expiresAt = issuedAt.plus(Duration.ofMinutes(5));
        private Instant notBefore;
        private PrivateKey signingKey = keys.getPrivate();
        private String algorithm = AlgorithmIdentifiers.RSA_USING_SHA256;

        private Builder() {
        }

        public Builder issuer(String value) {
            tokenIssuer = value;
            return this;
        }

        /** No value: a token without an {@code aud} claim. */
        public Builder audiences(String... values) {
            audiences = List.of(values);
            return this;
        }

        public Builder subject(String value) {
            subject = value;
            return this;
        }

        public Builder roles(String... values) {
            roles = List.of(values);
            return this;
        }

        public Builder lifetime(Duration lifetime) {
            expiresAt = issuedAt.plus(lifetime);
            return this;
        }

        /** Issued and expiring at these times (an expired token: both in the past). */
        public Builder validBetween(Instant issued, Instant expires) {
            issuedAt = issued;
            expiresAt = expires;
            return this;
        }

        public Builder notBefore(Instant value) {
            notBefore = value;
            return this;
        }

        /** No {@code exp} claim. */
        public Builder withoutExpiry() {
            expiresAt = null;
            return this;
        }

        /** Signed RS256 with another key than the verifier trusts. */
        public Builder signedWith(PrivateKey other) {
            signingKey = other;
            return this;
        }

        /** {@code alg: none}, no signature. */
        public Builder unsigned() {
            algorithm = AlgorithmIdentifiers.NONE;
            return this;
        }

        /** HS256 with the verifier's public key bytes as the HMAC secret (the classic key-confusion attack). */
        public Builder hmacWithThePublicKey() {
            algorithm = AlgorithmIdentifiers.HMAC_SHA256;
            return this;
        }

        public String build() {
            JwtClaims claims = new JwtClaims();
            claims.setIssuer(tokenIssuer);
            if (audiences.size() == 1) {
                claims.setAudience(audiences.get(0));
            } else if (!audiences.isEmpty()) {
                claims.setAudience(new ArrayList<>(audiences));
            }
            claims.setSubject(subject);
            claims.setClaim("upn", subject);
            claims.setStringListClaim("groups", new ArrayList<>(roles));
            claims.setJwtId(UUID.randomUUID().toString());
            claims.setIssuedAt(NumericDate.fromMilliseconds(issuedAt.toEpochMilli()));
            if (expiresAt != null) {
                claims.setExpirationTime(NumericDate.fromMilliseconds(expiresAt.toEpochMilli()));
            }
            if (notBefore != null) {
                claims.setNotBefore(NumericDate.fromMilliseconds(notBefore.toEpochMilli()));
            }
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(claims.toJson());
            jws.setAlgorithmHeaderValue(algorithm);
            jws.setHeader("typ", "JWT");
            switch (algorithm) {
                case AlgorithmIdentifiers.NONE -> jws.setAlgorithmConstraints(AlgorithmConstraints.NO_CONSTRAINTS);
                case AlgorithmIdentifiers.HMAC_SHA256 -> jws.setKey(new HmacKey(keys.getPublic().getEncoded()));
                default -> jws.setKey(signingKey);
            }
            try {
                return jws.getCompactSerialization();
            } catch (JoseException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
