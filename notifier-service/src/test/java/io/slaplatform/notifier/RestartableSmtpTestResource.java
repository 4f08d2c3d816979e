package io.slaplatform.notifier;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.slaplatform.testkit.EmbeddedSmtp;
import io.slaplatform.testkit.quarkus.SmtpTestResource;
import java.util.Map;

/**
 * A real SMTP server that a test can take down and bring back on the same port, to play an outage: while it is
 * down nothing listens there and connections are refused.
 */
public class RestartableSmtpTestResource implements QuarkusTestResourceLifecycleManager {

    private static volatile EmbeddedSmtp smtp;
    private static volatile int port;

    @Override
    public Map<String, String> start() {
        smtp = EmbeddedSmtp.start(0);
        port = smtp.port();
        return SmtpTestResource.mailerConfig(smtp.host(), port);
    }

    @Override
    public void stop() {
        stopServer();
    }

    /** The running server (after a restart, the new one: it starts with no messages). */
    public static EmbeddedSmtp server() {
        return smtp;
    }

    /** Takes the server down; the port then refuses connections. */
    public static synchronized void stopServer() {
        if (smtp != null) {
            smtp.close();
            smtp = null;
        }
    }

    /** Brings a fresh server up on the same port. */
    public static synchronized void startServer() {
        if (smtp == null) {
            smtp = EmbeddedSmtp.start(port);
        }
    }
}
