package io.slaplatform.notifier;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.slaplatform.testkit.quarkus.SmtpTestResource;
import java.util.Map;

/** Points Quarkus Mailer at a {@link RefusingSmtpServer} (a test double that refuses chosen recipients). */
public class RefusingSmtpTestResource implements QuarkusTestResourceLifecycleManager {

    private static volatile RefusingSmtpServer smtp;

    @Override
    public Map<String, String> start() {
        smtp = RefusingSmtpServer.start();
        return SmtpTestResource.mailerConfig(smtp.host(), smtp.port());
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
