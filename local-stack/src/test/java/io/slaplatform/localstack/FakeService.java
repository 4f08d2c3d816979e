package io.slaplatform.localstack;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * A stand-in for a Quarkus service, run as a child process by {@link ServiceProcessTest}:
 * {@code FakeService <port> ready <delayMillis>} answers 503 on the readiness path until the delay has passed,
 * then 200; {@code FakeService <port> exit} fails at once; {@code FakeService <port> stubborn} is ready at once but
 * takes a minute to shut down.
 */
public final class FakeService {

    private FakeService() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String mode = args[1];
        System.out.println("fake service starting: GREETING=" + System.getenv("GREETING")
                + " cwd=" + System.getProperty("user.dir"));
        if (mode.equals("exit")) {
            System.out.println("failing on purpose");
            System.exit(3);
        }
        long delayNanos = mode.equals("ready") ? Long.parseLong(args[2]) * 1_000_000L : 0;
        long readyAt = System.nanoTime() + delayNanos;
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/q/health/ready", exchange -> {
            exchange.sendResponseHeaders(System.nanoTime() - readyAt >= 0 ? 200 : 503, -1);
            exchange.close();
        });
        server.start();
        if (mode.equals("stubborn")) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        Thread.currentThread().join();
    }
}
