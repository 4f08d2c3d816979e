package io.slaplatform.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A TCP relay on a free local port to a real server, through which a test makes the server misbehave as the
 * client sees it, without touching the server (the machine's PostgreSQL is shared by other tests):
 * <ul>
 * <li>{@link #cut()}: open connections break, new ones are accepted and closed at once (a crash, a restart);</li>
 * <li>{@link #blackhole()}: open connections and new ones stay open but nothing passes (a network partition,
 * a hung server): the client only learns from its own timeouts;</li>
 * <li>{@link #slow(Duration)}: every chunk is delayed (an overloaded server or link);</li>
 * <li>{@link #answerAndClose(String)}: new connections get a fixed reply and are closed, e.g. an SMTP
 * {@code 421} greeting (a server refusing service);</li>
 * <li>{@link #restore()}: traffic passes again; connections broken meanwhile stay broken.</li>
 * </ul>
 */
public final class TcpProxy implements AutoCloseable {

    private enum Mode { PASS, CUT, BLACKHOLE, ANSWER }

    private final String targetHost;
    private final int targetPort;
    private final ServerSocket server;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "tcp-proxy");
        t.setDaemon(true);
        return t;
    });
    private volatile Mode mode = Mode.PASS;
    private volatile long delayMillis;
    private volatile byte[] answer = new byte[0];

    public TcpProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.execute(this::accept);
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Breaks every open connection and refuses new ones (they are accepted and closed at once). */
    public void cut() {
        mode = Mode.CUT;
        closeOpen();
    }

    /** Lets nothing through, on open connections and new ones alike, without closing any. */
    public void blackhole() {
        mode = Mode.BLACKHOLE;
    }

    /** Delays every chunk relayed, either way, by {@code delay}; {@link #restore()} ends it. */
    public void slow(Duration delay) {
        delayMillis = delay.toMillis();
    }

    /** Breaks every open connection; new ones get {@code reply} (UTF-8) and are closed. */
    public void answerAndClose(String reply) {
        answer = reply.getBytes(StandardCharsets.UTF_8);
        mode = Mode.ANSWER;
        closeOpen();
    }

    /** Relays again, at full speed. Connections that a fault broke stay broken; blackholed ones flow again. */
    public void restore() {
        delayMillis = 0;
        mode = Mode.PASS;
    }

    @Override
    public void close() {
        cut();
        closeQuietly(server);
        threads.shutdownNow();
    }

    private void closeOpen() {
        open.forEach(TcpProxy::closeQuietly);
        open.clear();
    }

    private void accept() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return;
            }
            Mode now = mode;
            if (now == Mode.CUT) {
                closeQuietly(client);
                continue;
            }
            if (now == Mode.ANSWER) {
                threads.execute(() -> answer(client));
                continue;
            }
            try {
                Socket upstream = new Socket(targetHost, targetPort);
                open.add(client);
                open.add(upstream);
                threads.execute(() -> pipe(client, upstream));
                threads.execute(() -> pipe(upstream, client));
            } catch (IOException e) {
                closeQuietly(client);
            }
        }
    }

    private void answer(Socket client) {
        try (client; OutputStream out = client.getOutputStream()) {
            out.write(answer);
            out.flush();
        } catch (IOException e) {
            // the client went away first
        }
    }

    private void pipe(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                while (mode == Mode.BLACKHOLE) {
                    Thread.sleep(50);
                }
                if (delayMillis > 0) {
                    Thread.sleep(delayMillis);
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // a side closed: close the other below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            open.remove(from);
            open.remove(to);
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // already closed
        }
    }
}
