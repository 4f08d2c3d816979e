package io.slaplatform.testkit.quarkus;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.slaplatform.testkit.EmbeddedSmtp;
import java.util.Map;

/** Starts a real SMTP server for a {@code @QuarkusTest} and points Quarkus Mailer at it (no mock). */
public class SmtpTestResource implements QuarkusTestResourceLifecycleManager {

    private static volatile EmbeddedSmtp smtp;

    @Override
    public Map<String, String> start() {
        smtp = EmbeddedSmtp.start(0);
        return mailerConfig(smtp.host(), smtp.port());
    }

    /** Quarkus Mailer configuration that sends for real, in plain SMTP, to {@code host:port}. */
    public static Map<String, String> mailerConfig(String host, int port) {
        return Map.of(
                "quarkus.mailer.mock", "false",
                "quarkus.mailer.host", host,
                "quarkus.mailer.port", String.valueOf(port),
                "quarkus.mailer.start-tls", "DISABLED",
                "quarkus.mailer.tls", "false");
    }

    @Override
    public void stop() {
        if (smtp != null) {
            smtp.close();
        }
    }

    /** The running server, for assertions on received mail. */
    public static EmbeddedSmtp server() {
        return smtp;
    }
}
