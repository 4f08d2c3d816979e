package io.slaplatform.notifier;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test double: a small, real SMTP server on a plain {@link ServerSocket} that refuses chosen recipients. It speaks
 * just enough SMTP for a client: a {@code 220} greeting, {@code 250} to EHLO/HELO (no extensions: no PIPELINING,
 * so the client sends one command at a time), MAIL FROM, RSET and NOOP, {@code 221} to QUIT, and accepts DATA.
 * {@code RCPT TO} is answered with the reply of the first rule whose pattern matches the address (e.g.
 * {@code 550 5.1.1 ... User unknown}, or {@code 451 4.7.1 ... try again later}), and with {@code 250} when none
 * matches. It records every RCPT TO it saw and the recipients of every message it accepted.
 */
final class RefusingSmtpServer implements AutoCloseable {

    /** One RCPT TO as the server saw it, and the reply it gave. */
    record Rcpt(String address, String reply) {
    }

    private static final long GREETING_DELAY_MS = 50;
    private static final Pattern RCPT = Pattern.compile("(?i)^RCPT TO:\\s*<([^>]*)>.*$");

    private final ServerSocket socket;
    private final ExecutorService sessions = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "refusing-smtp");
        thread.setDaemon(true);
        return thread;
    });
    /** Address regex → reply to RCPT TO; checked in no particular order, so make them disjoint. */
    private final Map<String, String> rules = new ConcurrentHashMap<>();
    private final List<Rcpt> rcpts = new CopyOnWriteArrayList<>();
    private final List<List<String>> accepted = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private RefusingSmtpServer(ServerSocket socket) {
        this.socket = socket;
    }

    /** Listens on a free port of the loopback interface. */
    static RefusingSmtpServer start() {
        try {
            RefusingSmtpServer server = new RefusingSmtpServer(
                    new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
            server.sessions.execute(server::acceptLoop);
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start the refusing SMTP server", e);
        }
    }

    String host() {
        return socket.getInetAddress().getHostAddress();
    }

    int port() {
        return socket.getLocalPort();
    }

    /**
     * From now on answers {@code RCPT TO} of addresses matching {@code addressRegex} (whole address, ignoring case)
     * with {@code reply}, e.g. {@code 550 5.1.1 <x@y>: Recipient address rejected: User unknown}.
     */
    void refuse(String addressRegex, String reply) {
        Pattern.compile(addressRegex); // fails here on a bad pattern, not in a session
        rules.put(addressRegex, reply);
    }

    /** Accepts the addresses of {@code addressRegex} (as given to {@link #refuse}) again. */
    void accept(String addressRegex) {
        rules.remove(addressRegex);
    }

    /** Every RCPT TO seen for {@code address} (ignoring case), with the reply given. */
    List<Rcpt> rcptsFor(String address) {
        return rcpts.stream().filter(r -> r.address().equalsIgnoreCase(address)).toList();
    }

    /** How many messages were accepted (after DATA) for {@code address}. */
    long acceptedFor(String address) {
        String key = address.toLowerCase(Locale.ROOT);
        return accepted.stream().filter(recipients -> recipients.contains(key)).count();
    }

    @Override
    public void close() {
        closed = true;
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
        sessions.shutdownNow();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = socket.accept();
                sessions.execute(() -> session(client));
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("refusing-smtp: accept failed: " + e);
                }
            }
        }
    }

    private String replyFor(String address) {
        for (Map.Entry<String, String> rule : rules.entrySet()) {
            if (Pattern.compile(rule.getKey(), Pattern.CASE_INSENSITIVE).matcher(address).matches()) {
                return rule.getValue();
            }
        }
        return "250 2.1.5 Ok";
    }

    private void session(Socket client) {
        try (client; BufferedReader in = new BufferedReader(
                new InputStreamReader(client.getInputStream(), StandardCharsets.ISO_8859_1));
             OutputStream out = client.getOutputStream()) {
            client.setSoTimeout(60_000);
            // A greeting written the instant the connection is accepted was now and then not answered by the Vert.x
            // mail client on a connection opened right after one it had closed (QUIT after a refusal): it sent no
            // EHLO and the send timed out. A real server's greeting comes a network round trip later at least.
            Thread.sleep(GREETING_DELAY_MS);
            reply(out, "220 refusing-smtp.test ESMTP test double");
            List<String> recipients = new ArrayList<>();
            boolean sender = false;
            String line;
            while ((line = in.readLine()) != null) {
                String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase(Locale.ROOT) : line;
                switch (verb) {
                    case "EHLO", "HELO" -> reply(out, "250 refusing-smtp.test");
                    case "MAIL" -> {
                        sender = true;
                        recipients.clear();
                        reply(out, "250 2.1.0 Ok");
                    }
                    case "RCPT" -> {
                        Matcher m = RCPT.matcher(line);
                        if (!sender || !m.matches()) {
                            reply(out, "503 5.5.1 Bad sequence of commands");
                            break;
                        }
                        String address = m.group(1);
                        String answer = replyFor(address);
                        rcpts.add(new Rcpt(address, answer));
                        if (answer.startsWith("2")) {
                            recipients.add(address.toLowerCase(Locale.ROOT));
                        }
                        reply(out, answer);
                    }
                    case "DATA" -> {
                        if (recipients.isEmpty()) {
                            reply(out, "554 5.5.1 No valid recipients");
                            break;
                        }
                        reply(out, "354 End data with <CR><LF>.<CR><LF>");
                        String data;
                        while ((data = in.readLine()) != null && !data.equals(".")) {
                            // the message itself is not kept: who got one is what the tests look at
                        }
                        accepted.add(List.copyOf(recipients));
                        recipients.clear();
                        sender = false;
                        reply(out, "250 2.0.0 Ok: queued");
                    }
                    case "RSET" -> {
                        recipients.clear();
                        sender = false;
                        reply(out, "250 2.0.0 Ok");
                    }
                    case "NOOP" -> reply(out, "250 2.0.0 Ok");
                    case "QUIT" -> {
                        reply(out, "221 2.0.0 Bye");
                        return;
                    }
                    default -> reply(out, "502 5.5.2 Command not recognized");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SocketException e) {
            // the client or close() dropped the connection
        } catch (IOException e) {
            if (!closed) {
                System.err.println("refusing-smtp: session failed: " + e);
            }
        }
    }

    private static void reply(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }
}
