package io.slaplatform.runtime.health;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.smallrye.health.SmallRyeHealth;
import io.smallrye.health.SmallRyeHealthReporter;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Answers the anonymous health endpoints ({@code /q/health}, {@code /live}, {@code /ready}, {@code /started},
 * {@code /well}) with each check's name and status only: up or down, as probes need, without the data the checks
 * attach (the Kafka check names the brokers' hosts and ports, the messaging check every channel). The whole report,
 * data included, is {@code GET /admin/health}, for administrators. Served ahead of SmallRye Health's own route, from
 * the same reporter, with the same statuses (200 up, 503 down).
 */
@ApplicationScoped
public class PublicHealthRoute {

    /** The paths answered here, as a regular expression. */
    static final String PATHS = "/q/health(/(live|ready|started|well))?/?";

    private final ObjectMapper json;

    PublicHealthRoute(ObjectMapper json) {
        this.json = json;
    }

    void install(@Observes Router router) {
        router.routeWithRegex(PATHS).order(Integer.MIN_VALUE).blockingHandler(this::handle, false);
    }

    private void handle(RoutingContext context) {
        ManagedContext requestContext = Arc.container().requestContext();
        boolean activated = !requestContext.isActive();
        if (activated) {
            requestContext.activate();
        }
        try {
            SmallRyeHealth health = report(context.normalizedPath()).apply(
                    Arc.container().instance(SmallRyeHealthReporter.class).get());
            context.response().setStatusCode(health.isDown() ? 503 : 200)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=UTF-8")
                    .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                    .end(json.writeValueAsString(withoutData(health.getPayload())));
        } catch (JsonProcessingException e) {
            context.fail(e);
        } finally {
            if (activated) {
                requestContext.terminate();
            }
        }
    }

    private static Function<SmallRyeHealthReporter, SmallRyeHealth> report(String path) {
        String kind = path.replaceAll("^/q/health/?", "").replaceAll("/$", "");
        return switch (kind) {
            case "live" -> SmallRyeHealthReporter::getLiveness;
            case "ready" -> SmallRyeHealthReporter::getReadiness;
            case "started" -> SmallRyeHealthReporter::getStartup;
            case "well" -> SmallRyeHealthReporter::getWellness;
            default -> SmallRyeHealthReporter::getHealth;
        };
    }

    /** {@code {"status": ..., "checks": [{"name": ..., "status": ...}, ...]}}: the report without any check's data. */
    static Map<String, Object> withoutData(JsonObject report) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", report.getString("status", "DOWN"));
        List<Map<String, String>> checks = new ArrayList<>();
        for (JsonValue value : report.getJsonArray("checks") == null ? List.<JsonValue>of()
                : report.getJsonArray("checks")) {
            JsonObject check = value.asJsonObject();
            Map<String, String> shown = new LinkedHashMap<>();
            shown.put("name", check.getString("name", ""));
            shown.put("status", check.getString("status", "DOWN"));
            checks.add(shown);
        }
        out.put("checks", checks);
        return out;
    }
}
