package io.slaplatform.testkit;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A real SMTP server (GreenMail) in this JVM, on loopback. It accepts every message and keeps it in memory
 * for assertions.
 */
public final class EmbeddedSmtp implements AutoCloseable {

    private final GreenMail greenMail;

    private EmbeddedSmtp(GreenMail greenMail) {
        this.greenMail = greenMail;
    }

    /** Starts an SMTP server on {@code port}, or on a free port when {@code port} is 0. */
    public static EmbeddedSmtp start(int port) {
        ServerSetup setup = new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
        if (port == 0) {
            setup = setup.dynamicPort();
        }
        GreenMail greenMail = new GreenMail(setup);
        greenMail.start();
        return new EmbeddedSmtp(greenMail);
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return greenMail.getSmtp().getPort();
    }

    /** Every message received so far, oldest first. */
    public List<MimeMessage> messages() {
        return List.of(greenMail.getReceivedMessages());
    }

    /** The messages received so far for {@code recipient} (To, Cc or Bcc, ignoring case), oldest first. */
    public List<MimeMessage> messagesTo(String recipient) {
        return messagesByRecipient().getOrDefault(recipient.toLowerCase(Locale.ROOT), List.of());
    }

    /**
     * Every message received so far, by recipient (To, Cc or Bcc, in lower case), oldest first: one pass over the
     * server's messages, for tests that look at many recipients.
     */
    public Map<String, List<MimeMessage>> messagesByRecipient() {
        Map<String, List<MimeMessage>> byRecipient = new HashMap<>();
        for (MimeMessage message : messages()) {
            try {
                Address[] to = message.getAllRecipients();
                for (Address address : to == null ? new Address[0] : to) {
                    byRecipient.computeIfAbsent(address.toString().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                            .add(message);
                }
            } catch (MessagingException e) {
                throw new IllegalStateException("Cannot read the recipients of a received message", e);
            }
        }
        return byRecipient;
    }

    /** A received message's subject. */
    public static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (MessagingException e) {
            throw new IllegalStateException("Cannot read the subject of a received message", e);
        }
    }

    /** A received message's {@code Message-ID} header. */
    public static String messageId(MimeMessage message) {
        try {
            return message.getMessageID();
        } catch (MessagingException e) {
            throw new IllegalStateException("Cannot read the Message-ID of a received message", e);
        }
    }

    /** Waits until at least {@code count} messages arrived; false when the timeout passed first. */
    public boolean awaitMessages(int count, Duration timeout) {
        return greenMail.waitForIncomingEmail(timeout.toMillis(), count);
    }

    /** Forgets every received message. */
    public void clear() {
        try {
            greenMail.purgeEmailFromAllMailboxes();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot purge mailboxes", e);
        }
    }

    @Override
    public void close() {
        greenMail.stop();
    }
}
