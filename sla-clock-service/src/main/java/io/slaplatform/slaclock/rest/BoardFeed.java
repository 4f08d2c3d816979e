package io.slaplatform.slaclock.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.scheduler.Scheduled;
import io.slaplatform.events.CloudEventHeaders;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * The lead board's live feed ({@code GET /sla/events}): every SLA event on {@code sla.clock},
 * {@code sla.deadline-approaching} and {@code sla.breached}, whichever instance emitted it, is pushed to every
 * connected board as a server-sent event named after the event's type, carrying the ticket's current cycle as the
 * queue shows it ({@link CycleViews.CycleView}), read once the event is out, so after the change it reports.
 *
 * <p>Each instance reads the topics in a consumer group of its own that commits nothing and starts at the end
 * (channel {@code sla-board}): the feed is live only, and a board fetches the queue when it connects. While no
 * board is connected an event costs a header read and nothing else. A comment line every 20 s keeps idle
 * connections open through proxies and lets a closed one be noticed.
 */
@ApplicationScoped
public class BoardFeed {

    private static final Logger LOG = Logger.getLogger(BoardFeed.class);

    /**
     * One pushed change: the SLA event's {@code type} and instant, and the ticket's {@code cycle} as of the push
     * (absent if the ticket has none, which an SLA event does not leave).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record BoardUpdate(String type, UUID requestId, Instant at, CycleViews.CycleView cycle) {
    }

    private final CycleViews views;
    private final Clock clock;
    private final ObjectMapper json;
    private final Set<Listener> listeners = ConcurrentHashMap.newKeySet();

    private record Listener(SseEventSink sink, Sse sse) {
    }

    BoardFeed(CycleViews views, Clock clock, ObjectMapper json) {
        this.views = views;
        this.clock = clock;
        this.json = json;
    }

    /** Connects a board: it gets a {@code ready} event at once, then every update until it goes away. */
    void connect(SseEventSink sink, Sse sse) {
        Listener listener = new Listener(sink, sse);
        listeners.add(listener);
        send(listener, sse.newEventBuilder().name("ready").data("{}").build());
    }

    @Incoming("sla-board")
    @Blocking
    public void onSlaEvent(ConsumerRecord<String, String> record) {
        if (listeners.isEmpty()) {
            return;
        }
        try {
            Header type = record.headers().lastHeader(CloudEventHeaders.TYPE);
            if (type == null || record.key() == null) {
                return; // not a CloudEvent of a ticket: nothing a board shows
            }
            UUID requestId = UUID.fromString(record.key());
            Instant now = clock.instant();
            BoardUpdate update = new BoardUpdate(new String(type.value(), StandardCharsets.UTF_8), requestId, now,
                    views.current(requestId, now).orElse(null));
            String data = json.writeValueAsString(update);
            for (Listener listener : listeners) {
                // data is JSON text already: written as it is
                send(listener, listener.sse().newEventBuilder().name(update.type())
                        .id(record.topic() + "/" + record.partition() + "/" + record.offset()).data(data).build());
            }
        } catch (IllegalArgumentException | IllegalStateException | JsonProcessingException e) {
            // The board is a view: a record it cannot show must not stop the feed. The queue has the truth.
            LOG.warnf("Lead board: cannot push %s/%d/%d: %s", record.topic(), record.partition(), record.offset(),
                    e.toString());
        }
    }

    @Scheduled(every = "20s", delayed = "20s")
    void keepAlive() {
        for (Listener listener : listeners) {
            send(listener, listener.sse().newEventBuilder().comment("keep-alive").build());
        }
    }

    private void send(Listener listener, OutboundSseEvent event) {
        if (listener.sink().isClosed()) {
            listeners.remove(listener);
            return;
        }
        listener.sink().send(event).exceptionally(failure -> {
            listeners.remove(listener);
            listener.sink().close();
            return null;
        });
    }
}
