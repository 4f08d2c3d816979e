package io.slaplatform.runtime.tracing;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Map;

/**
 * A stand-in OpenTelemetry collector: an HTTP server on a free port that accepts OTLP/HTTP trace exports
 * ({@code POST /v1/traces}) and counts them. Its {@code export} argument becomes {@code tracing.export.enabled}.
 */
public class OtlpCollectorTestResource implements QuarkusTestResourceLifecycleManager {

    // A system property rather than a static field: Quarkus may load this class in more than one class loader.
    static final String EXPORTS = "test.otlp.exports";

    private HttpServer server;
    private String export = "false";

    @Override
    public void init(Map<String, String> initArgs) {
        export = initArgs.getOrDefault("export", "false");
    }

    @Override
    public Map<String, String> start() {
        System.setProperty(EXPORTS, "0");
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/v1/traces", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                body.readAllBytes();
            }
            synchronized (OtlpCollectorTestResource.class) {
                System.setProperty(EXPORTS, String.valueOf(exports() + 1));
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        return Map.of(
                "tracing.export.enabled", export,
                "quarkus.otel.exporter.otlp.traces.endpoint", "http://127.0.0.1:" + server.getAddress().getPort(),
                "quarkus.otel.exporter.otlp.traces.protocol", "http/protobuf",
                "quarkus.otel.bsp.schedule.delay", "100ms");
    }

    /** Trace exports received so far. */
    static int exports() {
        return Integer.parseInt(System.getProperty(EXPORTS, "0"));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
