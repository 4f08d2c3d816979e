package io.slaplatform.localstack;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.slaplatform.testkit.EmbeddedSmtp;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A minimal web view of the mail an SMTP sink received, for developers running the local stack, on loopback
 * only:
 * <ul>
 *   <li>{@code GET /}: an HTML table of the messages, newest first (time, from, to, subject);</li>
 *   <li>{@code GET /messages}: a JSON array, oldest first, of
 *       {@code {"index", "from", "to": [...], "subject", "receivedAt"}};</li>
 *   <li>{@code GET /messages/{index}}: the raw RFC 822 message as {@code text/plain}.</li>
 * </ul>
 * It also writes every message as {@code <index>-<subject>.eml} into a directory (polled once a second), so
 * mail can be opened in a mail client or grepped. Indices are stable: a message keeps its index for the
 * life of the view.
 *
 * <p>The SMTP sink (GreenMail) stores one copy per recipient mailbox, so a message addressed to two people
 * shows twice. That is deliberate: collapsing copies (by Message-ID, say) could also hide a genuine
 * duplicate send, which is exactly what a developer looking at this page may be hunting for.
 */
public final class MailView implements AutoCloseable {

    /** The port the local stack uses unless told otherwise (the port MailHog and Mailpit made familiar). */
    public static final int DEFAULT_PORT = 8025;

    private static final Pattern MESSAGE_PATH = Pattern.compile("/messages/(\\d{1,9})/?");
    private static final DateTimeFormatter DISPLAY_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z", Locale.ROOT);

    private final Supplier<? extends Collection<MimeMessage>> source;
    private final Path mailDirectory;
    private final Clock clock;
    private final HttpServer server;
    private final ExecutorService httpExecutor;
    private final ScheduledExecutorService poller;

    // Guarded by this. Identity, not equals: two copies of one message are two deliveries (see class doc).
    private final Set<MimeMessage> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    private final List<Mail> mails = new ArrayList<>();
    private final List<byte[]> raws = new ArrayList<>();

    /** One received message as listed by the view. */
    public record Mail(int index, String from, List<String> to, String subject, Instant receivedAt, Path file) {
    }

    private MailView(Supplier<? extends Collection<MimeMessage>> source, int port, Path mailDirectory, Clock clock)
            throws IOException {
        this.source = source;
        this.mailDirectory = mailDirectory;
        this.clock = clock;
        if (mailDirectory != null) {
            prepareMailDirectory(mailDirectory);
        }
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        this.httpExecutor = Executors.newFixedThreadPool(2, daemonThreads("mail-view-http"));
        server.setExecutor(httpExecutor);
        server.createContext("/", this::handle);
        server.start();
        this.poller = Executors.newSingleThreadScheduledExecutor(daemonThreads("mail-view-poller"));
        poller.scheduleWithFixedDelay(this::refreshQuietly, 0, 1, TimeUnit.SECONDS);
    }

    /**
     * Serves the messages of {@code smtp} on {@code 127.0.0.1:port} (0 picks a free port) and mirrors them into
     * {@code mailDirectory} (null: no files). Times are shown in the zone of {@code clock}.
     */
    public static MailView start(EmbeddedSmtp smtp, int port, Path mailDirectory, Clock clock) {
        return start(smtp::messages, port, mailDirectory, clock);
    }

    /** Like {@link #start(EmbeddedSmtp, int, Path, Clock)}, over any source of messages. */
    public static MailView start(Supplier<? extends Collection<MimeMessage>> source, int port, Path mailDirectory,
                                 Clock clock) {
        try {
            return new MailView(source, port, mailDirectory, clock);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the mail view on 127.0.0.1:" + port, e);
        }
    }

    /** Serves {@code handler} under {@code path} on the same port, e.g. the local stack's event view. */
    public void addContext(String path, com.sun.net.httpserver.HttpHandler handler) {
        server.createContext(path, handler);
    }

    /** The port the view listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://localhost:<port>/}. */
    public URI uri() {
        return URI.create("http://localhost:" + port() + "/");
    }

    /** The directory the {@code .eml} files go to, or null. */
    public Path mailDirectory() {
        return mailDirectory;
    }

    /** Every message received so far, oldest first (picks up new ones first). */
    public synchronized List<Mail> mails() {
        refresh();
        return List.copyOf(mails);
    }

    /** The raw RFC 822 bytes of message {@code index}. */
    public synchronized byte[] raw(int index) {
        refresh();
        return raws.get(index).clone();
    }

    /** Picks up messages that arrived since the last call and writes their {@code .eml} files. */
    public synchronized void refresh() {
        List<MimeMessage> fresh = new ArrayList<>();
        for (MimeMessage message : source.get()) {
            if (seen.add(message)) {
                fresh.add(message);
            }
        }
        // The store lists messages mailbox by mailbox, not in arrival order; order new ones by arrival.
        fresh.sort(Comparator.comparing(this::receivedAt));
        for (MimeMessage message : fresh) {
            int index = mails.size();
            byte[] raw = rawBytes(message);
            String subject = subjectOf(message);
            Path file = mailDirectory == null ? null
                    : mailDirectory.resolve(String.format(Locale.ROOT, "%04d-%s.eml", index, slug(subject)));
            if (file != null) {
                try {
                    Files.write(file, raw);
                } catch (IOException e) {
                    System.err.println("[mail-view] Cannot write " + file + ": " + e.getMessage());
                }
            }
            mails.add(new Mail(index, fromOf(message), recipientsOf(message), subject, receivedAt(message), file));
            raws.add(raw);
        }
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again; log and keep polling.
            System.err.println("[mail-view] Cannot read the SMTP store: " + e);
        }
    }

    /** Stops the HTTP server and the poller, after writing the files of messages that arrived last. */
    @Override
    public void close() {
        poller.shutdownNow();
        refreshQuietly();
        server.stop(0);
        httpExecutor.shutdownNow();
    }

    // ---- HTTP

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            boolean head = "HEAD".equals(method);
            if (!head && !"GET".equals(method)) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, 405, "text/plain; charset=utf-8", "Method not allowed\n", false);
                return;
            }
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/")) {
                send(exchange, 200, "text/html; charset=utf-8", html(), head);
            } else if (path.equals("/messages") || path.equals("/messages/")) {
                send(exchange, 200, "application/json", json(), head);
            } else {
                Matcher matcher = MESSAGE_PATH.matcher(path);
                if (matcher.matches()) {
                    int index = Integer.parseInt(matcher.group(1));
                    byte[] raw;
                    synchronized (this) {
                        refresh();
                        raw = index < raws.size() ? raws.get(index) : null;
                    }
                    if (raw == null) {
                        send(exchange, 404, "text/plain; charset=utf-8", "No message " + index + "\n", head);
                    } else {
                        send(exchange, 200, "text/plain; charset=utf-8", raw, head);
                    }
                } else {
                    send(exchange, 404, "text/plain; charset=utf-8", "Not found. Try / or /messages\n", head);
                }
            }
        } catch (RuntimeException e) {
            System.err.println("[mail-view] " + exchange.getRequestURI() + " failed: " + e);
            throw e;
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body, boolean head)
            throws IOException {
        send(exchange, status, contentType, body.getBytes(StandardCharsets.UTF_8), head);
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body, boolean head)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        if (head || body.length == 0) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private String html() {
        List<Mail> snapshot = mails();
        StringBuilder sb = new StringBuilder(1024);
        sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                // Reloads itself, so a developer can keep the tab open while driving the services.
                .append("<meta http-equiv=\"refresh\" content=\"5\">")
                .append("<title>Local stack mail (").append(snapshot.size()).append(")</title>")
                .append("<style>body{font-family:sans-serif;margin:1.5em}table{border-collapse:collapse}")
                .append("th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}")
                .append("th{background:#f0f0f0}</style></head><body>\n")
                .append("<h1>Mail received by the local stack</h1>\n<p>").append(snapshot.size())
                .append(snapshot.size() == 1 ? " message" : " messages")
                .append(", newest first. <a href=\"/messages\">JSON</a>");
        if (mailDirectory != null) {
            sb.append(" &middot; files in <code>").append(escape(mailDirectory.toAbsolutePath().toString())).append("</code>");
        }
        sb.append("</p>\n<table>\n<tr><th>#</th><th>Received</th><th>From</th><th>To</th><th>Subject</th></tr>\n");
        for (int i = snapshot.size() - 1; i >= 0; i--) {
            Mail mail = snapshot.get(i);
            sb.append("<tr><td><a href=\"/messages/").append(mail.index()).append("\">").append(mail.index())
                    .append("</a></td><td>").append(escape(DISPLAY_TIME.format(mail.receivedAt().atZone(clock.getZone()))))
                    .append("</td><td>").append(escape(mail.from()))
                    .append("</td><td>").append(escape(String.join(", ", mail.to())))
                    .append("</td><td><a href=\"/messages/").append(mail.index()).append("\">")
                    .append(escape(mail.subject().isEmpty() ? "(no subject)" : mail.subject()))
                    .append("</a></td></tr>\n");
        }
        return sb.append("</table>\n</body></html>\n").toString();
    }

    private String json() {
        StringBuilder sb = new StringBuilder("[");
        List<Mail> snapshot = mails();
        for (int i = 0; i < snapshot.size(); i++) {
            Mail mail = snapshot.get(i);
            sb.append(i == 0 ? "\n  " : ",\n  ")
                    .append("{\"index\":").append(mail.index())
                    .append(",\"from\":").append(jsonString(mail.from()))
                    .append(",\"to\":[");
            for (int j = 0; j < mail.to().size(); j++) {
                sb.append(j == 0 ? "" : ",").append(jsonString(mail.to().get(j)));
            }
            sb.append("],\"subject\":").append(jsonString(mail.subject()))
                    .append(",\"receivedAt\":").append(jsonString(mail.receivedAt().toString()))
                    .append('}');
        }
        return sb.append(snapshot.isEmpty() ? "]\n" : "\n]\n").toString();
    }

    // ---- message details; a malformed message must not break the page, hence the fallbacks

    private Instant receivedAt(MimeMessage message) {
        try {
            // GreenMail's stored messages carry the time the SMTP transaction ended.
            if (message.getReceivedDate() != null) {
                return message.getReceivedDate().toInstant();
            }
        } catch (MessagingException e) {
            // fall through
        }
        return clock.instant();
    }

    private static String fromOf(MimeMessage message) {
        try {
            return addresses(message.getFrom());
        } catch (MessagingException e) {
            return "(unreadable)";
        }
    }

    private static List<String> recipientsOf(MimeMessage message) {
        List<String> result = new ArrayList<>();
        for (Message.RecipientType type : List.of(Message.RecipientType.TO, Message.RecipientType.CC)) {
            try {
                Address[] addresses = message.getRecipients(type);
                if (addresses != null) {
                    Arrays.stream(addresses).map(MailView::address).forEach(result::add);
                }
            } catch (MessagingException e) {
                result.add("(unreadable)");
            }
        }
        return List.copyOf(result);
    }

    private static String addresses(Address[] addresses) {
        if (addresses == null) {
            return "";
        }
        return String.join(", ", Arrays.stream(addresses).map(MailView::address).toList());
    }

    private static String address(Address address) {
        return address instanceof InternetAddress internet ? internet.toUnicodeString() : address.toString();
    }

    private static String subjectOf(MimeMessage message) {
        try {
            String subject = message.getSubject();
            return subject == null ? "" : subject;
        } catch (MessagingException e) {
            return "(unreadable)";
        }
    }

    private static byte[] rawBytes(MimeMessage message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            message.writeTo(out);
        } catch (IOException | MessagingException e) {
            return ("(cannot render message: " + e + ")\n").getBytes(StandardCharsets.UTF_8);
        }
        return out.toByteArray();
    }

    // ---- helpers

    private static void prepareMailDirectory(Path directory) throws IOException {
        Files.createDirectories(directory);
        // The files mirror this view, whose indices start at 0 again; files of an earlier run would collide.
        try (DirectoryStream<Path> old = Files.newDirectoryStream(directory, "*.eml")) {
            for (Path file : old) {
                Files.deleteIfExists(file);
            }
        }
    }

    static String slug(String subject) {
        String slug = subject.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
        if (slug.length() > 40) {
            slug = slug.substring(0, 40).replaceAll("-+$", "");
        }
        return slug.isEmpty() ? "no-subject" : slug;
    }

    static String escape(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    static String jsonString(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    private static ThreadFactory daemonThreads(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            // The view must never be what keeps the JVM alive.
            thread.setDaemon(true);
            return thread;
        };
    }
}
