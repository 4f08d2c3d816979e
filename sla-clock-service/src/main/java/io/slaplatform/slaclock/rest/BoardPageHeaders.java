package io.slaplatform.slaclock.rest;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The security headers of the lead board's pages, scripts and styles ({@code /board/*}): a Content Security Policy
 * that runs only the board's own scripts and styles (no inline script or style, nothing from elsewhere), talks only
 * to this service and the notifier ({@code board.notifier-url}), and may not be framed; no MIME sniffing; no
 * referrer; and {@code no-cache}, so that a browser revalidates each file (Quarkus answers 304 when it is unchanged)
 * instead of keeping a day-old copy after an upgrade. Set as the headers are written, over the static handler's own
 * {@code Cache-Control}.
 */
@ApplicationScoped
public class BoardPageHeaders {

    /** The path the board is served under. */
    static final String BOARD = "/board/";

    private final String policy;

    BoardPageHeaders(@ConfigProperty(name = "board.notifier-url") String notifierUrl) {
        this.policy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                + "connect-src 'self' " + origin(notifierUrl) + "; frame-ancestors 'none'; base-uri 'none'; "
                + "form-action 'self'";
    }

    void install(@Observes Router router) {
        router.route(BOARD + "*").order(Integer.MIN_VALUE + 1).handler(context -> {
            context.addHeadersEndHandler(ignored -> {
                MultiMap headers = context.response().headers();
                headers.set("Content-Security-Policy", policy);
                headers.set("X-Content-Type-Options", "nosniff");
                headers.set("Referrer-Policy", "no-referrer");
                headers.set("Cross-Origin-Opener-Policy", "same-origin");
                headers.set("Cache-Control", "no-cache");
            });
            context.next();
        });
    }

    /** {@code scheme://host[:port]} of a URL, as a CSP source. */
    static String origin(String url) {
        URI uri = URI.create(url.strip());
        if (uri.getScheme() == null || uri.getHost() == null) {
            throw new IllegalArgumentException("board.notifier-url must be an absolute http(s) URL: " + url);
        }
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }
}
