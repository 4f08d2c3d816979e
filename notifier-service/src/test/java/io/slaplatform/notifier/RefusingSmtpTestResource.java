package io.slaplatform.notifier;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Points Quarkus Mailer at a {@link RefusingSmtpServer} (a test double that refuses chosen recipients). */
public class RefusingSmtpTestResource implements QuarkusTestResourceLifecycleManager {

    private static volatile RefusingSmtpServer smtp;

    @Override
    public Map<String, String> start() {
        smtp = RefusingSmtpServer.start();
        return Map.of(
                "quarkus.mailer.mock", "false",
                "quarkus.mailer.host", smtp.host(),
                "quarkus.mailer.port", String.valueOf(smtp.port()),
                "quarkus.mailer.start-tls", "DISABLED",
                "quarkus.mailer.tls", "false");
    }

    @Override
    public void stop() {
        if (smtp != null) {
            smtp.close();
            smtp = null;
        }
    }

    static RefusingSmtpServer server() {
        return smtp;
    }
}
