package io.slaplatform.loadbench;

import io.slaplatform.localstack.ServiceProcess;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the processes of a run have used so far: the CPU time (user and system, from the operating system) of each
 * service process, of this driver's JVM (the embedded broker, the load and the watchers) and of PostgreSQL (every
 * process of the machine's server, its connection backends included), and the transactions PostgreSQL committed in
 * the run's database. Two snapshots give what a measured phase cost each of them per request, so a figure can
 * say where the machine's cores went.
 */
final class ResourceUsage {

    static final String DRIVER = "driver (broker, load)";
    static final String POSTGRESQL = "PostgreSQL";

    private final Map<String, Duration> cpu;
    private final long commits;

    private ResourceUsage(Map<String, Duration> cpu, long commits) {
        this.cpu = cpu;
        this.commits = commits;
    }

    /** What {@code services}, this JVM and PostgreSQL have used so far. */
    static ResourceUsage snapshot(List<ServiceProcess> services) {
        Map<String, Duration> cpu = new LinkedHashMap<>();
        for (ServiceProcess service : services) {
            cpu.put(service.name(), cpu(ProcessHandle.of(service.pid()).orElse(null)));
        }
        cpu.put(DRIVER, cpu(ProcessHandle.current()));
        cpu.put(POSTGRESQL, ProcessHandle.allProcesses()
                .filter(p -> p.info().command().filter(c -> c.endsWith("/postgres")).isPresent())
                .map(ResourceUsage::cpu)
                .reduce(Duration.ZERO, Duration::plus));
        return new ResourceUsage(cpu, commits());
    }

    private static Duration cpu(ProcessHandle process) {
        return process == null ? Duration.ZERO : process.info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /** Transactions committed in the run's database, as PostgreSQL's statistics have them (flushed within ~1 s). */
    private static long commits() {
        try (Connection connection = BenchStack.connect("public");
             Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_stat_clear_snapshot()");
            try (ResultSet row = statement.executeQuery(
                    "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()")) {
                row.next();
                return row.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read PostgreSQL's commit count", e);
        }
    }

    /**
     * What each process used from {@code before} to this snapshot per {@code requests}, with the cores used on
     * average over {@code elapsed}; e.g. {@code "CPU ms per request: intake-service 4.6, ..., total 22.0 (1.65
     * cores); PostgreSQL commits per request 10.1"}.
     */
    String perRequestSince(ResourceUsage before, long requests, Duration elapsed) {
        long units = Math.max(1, requests);
        Duration total = Duration.ZERO;
        StringBuilder out = new StringBuilder("CPU ms per request: ");
        for (Map.Entry<String, Duration> entry : cpu.entrySet()) {
            Duration spent = entry.getValue().minus(before.cpu.getOrDefault(entry.getKey(), Duration.ZERO));
            total = total.plus(spent);
            out.append(String.format(Locale.ROOT, "%s %.1f, ", entry.getKey(), spent.toNanos() / 1e6 / units));
        }
        return out + String.format(Locale.ROOT, "total %.1f (%.2f cores on average); PostgreSQL commits per request "
                        + "%.1f", total.toNanos() / 1e6 / units,
                (double) total.toNanos() / Math.max(1, elapsed.toNanos()), (double) (commits - before.commits) / units);
    }
}
