package io.slaplatform.loadbench;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Collects the records of one timer topic, by request id, with their append time; compares them with the
 * deadlines the benchmark seeded. A second record for one request counts as a duplicate.
 */
final class BreachWatch implements AutoCloseable {

    private final Map<UUID, Instant> appended = new ConcurrentHashMap<>();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong foreign = new AtomicLong();
    private final TopicWatcher watcher;
    private final Clock clock;

    BreachWatch(BenchStack stack, String topic, Clock clock) {
        this.clock = clock;
        this.watcher = new TopicWatcher(stack.bootstrapServers(), topic, record -> {
            if (!"Breached".equals(record.ceType())) {
                foreign.incrementAndGet();
                return;
            }
            if (appended.putIfAbsent(UUID.fromString(record.key()), record.appendedAt()) != null) {
                duplicates.incrementAndGet();
            }
        });
    }

    /** Waits until every one of {@code ids} has a record, or the timeout passes; returns whether all arrived. */
    boolean awaitAll(Collection<UUID> ids, Duration timeout) throws InterruptedException {
        Instant end = clock.instant().plus(timeout);
        while (clock.instant().isBefore(end)) {
            watcher.check();
            if (appended.keySet().containsAll(ids)) {
                return true;
            }
            Thread.sleep(50);
        }
        return appended.keySet().containsAll(ids);
    }

    /** The lag of each arrived record behind its deadline (negative: early). */
    Latency lag(String name, Map<UUID, Instant> deadlines) {
        Latency latency = new Latency(name);
        deadlines.forEach((id, deadline) -> {
            Instant at = appended.get(id);
            if (at != null) {
                latency.record(Duration.between(deadline, at));
            }
        });
        return latency;
    }

    long missing(Collection<UUID> ids) {
        return ids.stream().filter(id -> !appended.containsKey(id)).count();
    }

    Optional<Instant> first(Collection<UUID> ids) {
        return ids.stream().map(appended::get).filter(java.util.Objects::nonNull).min(Instant::compareTo);
    }

    Optional<Instant> last(Collection<UUID> ids) {
        return ids.stream().map(appended::get).filter(java.util.Objects::nonNull).max(Instant::compareTo);
    }

    long duplicates() {
        return duplicates.get();
    }

    @Override
    public void close() {
        watcher.close();
    }
}
