package io.slaplatform.localstack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.slaplatform.testkit.EventLog;
import io.slaplatform.testkit.ReceivedEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /events}: every record on the platform's topics since the stack started, as JSON, oldest first, with
 * its CloudEvents headers and payload; {@code ?key=<request id>} and {@code ?type=<ce_type>} filter. Lets a
 * developer watch a request's events with curl, without a Kafka client.
 */
final class EventView implements HttpHandler {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final EventLog events;

    EventView(EventLog events) {
        this.events = events;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            List<ReceivedEvent> selected = events.all().stream()
                    .filter(e -> !query.containsKey("key") || query.get("key").equals(e.key()))
                    .filter(e -> !query.containsKey("type") || query.get("type").equals(e.type()))
                    .toList();
            ArrayNode array = JSON.createArrayNode();
            for (ReceivedEvent event : selected) {
                ObjectNode node = array.addObject();
                node.put("topic", event.topic());
                node.put("partition", event.partition());
                node.put("offset", event.offset());
                node.put("key", event.key());
                ObjectNode headers = node.putObject("headers");
                event.headers().forEach(headers::put);
                node.set("payload", event.json());
            }
            byte[] body = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(array);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> params = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return params;
    }
}
