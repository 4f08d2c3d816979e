package io.slaplatform.loadbench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.LongFunction;

/**
 * The HTTP load driver: Vert.x core's HttpClient on a single event loop (little client overhead on a small
 * machine), HTTP/1.1 keep-alive connections without pipelining, JSON bodies POSTed to a service on localhost.
 *
 * <p>Two ways of driving:
 * <ul>
 *   <li>{@link #closedLoop}: a fixed number of connections, each sending its next request as soon as the previous
 *       one is answered; what the service completes per second is its peak throughput.</li>
 *   <li>{@link #openLoop}: requests at a fixed rate, whatever the answers. Each request's latency counts from the
 *       instant it was due to be sent, so a stall of the service (or of the driver) is charged to every request
 *       scheduled during it: no coordinated omission.</li>
 * </ul>
 * Every run reads each answer to its end and hands its {@link Outcome} to the caller's callback on the driver's
 * event loop: callbacks must be quick, and thread-safe towards the caller's own thread.
 */
final class HttpLoad implements AutoCloseable {

    /** A request still unanswered after this long without a byte is a failure, so a run always ends. */
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);
    /** How long past its planned end a run may take to collect its last answers. */
    private static final Duration COMPLETION_SLACK = IDLE_TIMEOUT.plusSeconds(30);
    /** How often the open loop looks for requests that are due; Vert.x timers have millisecond resolution. */
    private static final long OPEN_LOOP_TICK_MILLIS = 1;

    /** Where requests go: {@code POST path} on {@code localhost:port}, with these headers besides the JSON type. */
    record Target(int port, String path, Map<String, String> headers) {
    }

    /**
     * One request's result, on {@link System#nanoTime()}: due to be sent at {@code intendedNanos}, its answer read
     * completely at {@code doneNanos}.
     *
     * @param status   the HTTP status, or 0 when no answer came ({@code failure} then names why)
     * @param location the answer's {@code Location} header, or null
     */
    record Outcome(int status, String location, String failure, long intendedNanos, long doneNanos) {

        boolean created() {
            return status == 201;
        }

        /** From the intended send to the end of the answer. */
        Duration latency() {
            return Duration.ofNanos(doneNanos - intendedNanos);
        }

        /** What went wrong, e.g. {@code HTTP 429} or {@code ConnectException}; null for a 201. */
        String error() {
            if (created()) {
                return null;
            }
            return status == 0 ? failure : "HTTP " + status;
        }
    }

    /**
     * What a run did. {@code created} and {@code errors} (every answer other than 201, and every failure, by kind)
     * cover all of its requests, warm-up included; {@code measuredCreated} counts the 201s answered within the
     * measured window, which lasted {@code measured}.
     */
    record Run(long created, Map<String, Long> errors, long measuredCreated, Duration measured) {

        /** 201s per second within the measured window. */
        double perSecond() {
            return measuredCreated / (measured.toNanos() / 1e9);
        }

        long errorCount() {
            return errors.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private final Vertx vertx;
    private final HttpClient client;
    private final Context context;

    /** @param maxConnections the most connections per target: at least a closed loop's concurrency */
    HttpLoad(int maxConnections) {
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(1));
        client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setPipelining(false)
                        .setTcpNoDelay(true),
                new PoolOptions().setHttp1MaxSize(maxConnections));
        context = vertx.getOrCreateContext();
    }

    /**
     * Drives {@code target} with {@code connections} concurrent requests, each sent as soon as the one before it
     * on its connection is answered, for {@code warmUp} and then {@code measured}; waits for the last answers.
     *
     * @param bodies    the body of the request with the given sequence number
     * @param onOutcome called with every request's outcome, warm-up included
     */
    Run closedLoop(Target target, LongFunction<Buffer> bodies, int connections, Duration warmUp, Duration measured,
                   Consumer<Outcome> onOutcome) {
        Promise<Run> done = Promise.promise();
        context.runOnContext(ignored -> new ClosedLoop(options(target), bodies, connections, warmUp, measured,
                onOutcome, done).start());
        return await(done.future(), warmUp.plus(measured));
    }

    /**
     * Sends {@code perSecond} requests a second to {@code target}, evenly spaced, for {@code duration} (one
     * request per period, whether or not earlier ones were answered); waits for the last answers. The whole run is
     * the measured window.
     *
     * @param bodies    the body of the request with the given sequence number
     * @param onOutcome called with every request's outcome; {@link Outcome#latency()} counts from the intended send
     */
    Run openLoop(Target target, LongFunction<Buffer> bodies, double perSecond, Duration duration,
                 Consumer<Outcome> onOutcome) {
        Promise<Run> done = Promise.promise();
        context.runOnContext(ignored -> new OpenLoop(options(target), bodies, perSecond, duration, onOutcome, done)
                .start());
        return await(done.future(), duration);
    }

    @Override
    public void close() {
        await(client.close(), Duration.ZERO);
        // Not awaited: its completion would be signalled on the event loop it shuts down.
        vertx.close();
    }

    private static RequestOptions options(Target target) {
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setHost("localhost")
                .setPort(target.port())
                .setURI(target.path())
                .setIdleTimeout(IDLE_TIMEOUT.toMillis())
                .putHeader(HttpHeaders.CONTENT_TYPE.toString(), "application/json");
        target.headers().forEach(options::putHeader);
        return options;
    }

    /** Sends one request and reads its answer completely; runs on the event loop, as does {@code then}. */
    private void send(RequestOptions options, Buffer body, long intendedNanos, Handler<Outcome> then) {
        client.request(options)
                .compose(request -> request.send(body))
                .compose(response -> response.body().map(ignored -> response))
                .onComplete(answer -> {
                    long doneNanos = System.nanoTime();
                    HttpClientResponse response = answer.result();
                    then.handle(answer.succeeded()
                            ? new Outcome(response.statusCode(), response.getHeader(HttpHeaders.LOCATION), null,
                            intendedNanos, doneNanos)
                            : new Outcome(0, null, answer.cause().getClass().getSimpleName(), intendedNanos,
                            doneNanos));
                });
    }

    private static <T> T await(Future<T> future, Duration planned) {
        try {
            return future.toCompletionStage().toCompletableFuture()
                    .get(planned.plus(COMPLETION_SLACK).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while driving load", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Load run failed", e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Load run did not finish " + COMPLETION_SLACK.toSeconds()
                    + " s after its planned end", e);
        }
    }

    /** Counts of a run, confined to the event loop until the run completes. */
    private static final class Tally {
        private long created;
        private long measuredCreated;
        private final Map<String, Long> errors = new TreeMap<>();

        void add(Outcome outcome, boolean inMeasuredWindow) {
            if (outcome.created()) {
                created++;
                if (inMeasuredWindow) {
                    measuredCreated++;
                }
            } else {
                errors.merge(outcome.error(), 1L, Long::sum);
            }
        }

        Run run(Duration measured) {
            return new Run(created, Map.copyOf(errors), measuredCreated, measured);
        }
    }

    /** One closed-loop run: {@code connections} chains of requests, each chain ending when the time is up. */
    private final class ClosedLoop {
        private final RequestOptions options;
        private final LongFunction<Buffer> bodies;
        private final int connections;
        private final Duration warmUp;
        private final Duration measured;
        private final Consumer<Outcome> onOutcome;
        private final Promise<Run> done;
        private final Tally tally = new Tally();
        private long measureFromNanos;
        private long endNanos;
        private long nextSequence;
        private int runningChains;

        ClosedLoop(RequestOptions options, LongFunction<Buffer> bodies, int connections, Duration warmUp,
                   Duration measured, Consumer<Outcome> onOutcome, Promise<Run> done) {
            this.options = options;
            this.bodies = bodies;
            this.connections = connections;
            this.warmUp = warmUp;
            this.measured = measured;
            this.onOutcome = onOutcome;
            this.done = done;
        }

        void start() {
            long startNanos = System.nanoTime();
            measureFromNanos = startNanos + warmUp.toNanos();
            endNanos = measureFromNanos + measured.toNanos();
            runningChains = connections;
            for (int i = 0; i < connections; i++) {
                sendNext();
            }
        }

        private void sendNext() {
            long now = System.nanoTime();
            if (now - endNanos >= 0) {
                if (--runningChains == 0) {
                    done.complete(tally.run(measured));
                }
                return;
            }
            send(options, bodies.apply(nextSequence++), now, outcome -> {
                onOutcome.accept(outcome);
                tally.add(outcome, outcome.doneNanos() - measureFromNanos >= 0
                        && outcome.doneNanos() - endNanos < 0);
                sendNext();
            });
        }
    }

    /** One open-loop run: a timer sends every request whose intended instant has come. */
    private final class OpenLoop {
        private final RequestOptions options;
        private final LongFunction<Buffer> bodies;
        private final double periodNanos;
        private final long total;
        private final Duration duration;
        private final Consumer<Outcome> onOutcome;
        private final Promise<Run> done;
        private final Tally tally = new Tally();
        private long startNanos;
        private long sent;
        private long answered;

        OpenLoop(RequestOptions options, LongFunction<Buffer> bodies, double perSecond, Duration duration,
                 Consumer<Outcome> onOutcome, Promise<Run> done) {
            this.options = options;
            this.bodies = bodies;
            this.periodNanos = 1e9 / perSecond;
            this.total = Math.round(perSecond * duration.toNanos() / 1e9);
            this.duration = duration;
            this.onOutcome = onOutcome;
            this.done = done;
        }

        void start() {
            startNanos = System.nanoTime();
            if (total == 0) {
                done.complete(tally.run(duration));
                return;
            }
            vertx.setPeriodic(OPEN_LOOP_TICK_MILLIS, this::sendDue);
        }

        /** Sends every request due by now (several when the timer fired late), each with its own intended instant. */
        private void sendDue(long timerId) {
            long now = System.nanoTime();
            while (sent < total) {
                long intended = startNanos + (long) (sent * periodNanos);
                if (intended - now > 0) {
                    return;
                }
                send(options, bodies.apply(sent++), intended, this::answered);
            }
            vertx.cancelTimer(timerId);
        }

        private void answered(Outcome outcome) {
            onOutcome.accept(outcome);
            tally.add(outcome, true);
            if (++answered == total) {
                done.complete(tally.run(duration));
            }
        }
    }
}
