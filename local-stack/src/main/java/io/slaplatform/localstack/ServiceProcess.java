package io.slaplatform.localstack;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One service running as a child process ({@code java -jar <jar>} for a Quarkus fast-jar, or any command),
 * with its stdout and stderr in a log file and a readiness probe over HTTP.
 *
 * <pre>{@code
 * ServiceProcess intake = ServiceProcess.builder("intake-service")
 *         .jar(repo.resolve("intake-service/target/quarkus-app/quarkus-run.jar"))
 *         .workingDirectory(repo.resolve("intake-service"))
 *         .env("QUARKUS_HTTP_PORT", "8081")
 *         .port(8081)
 *         .logFile(logs.resolve("intake-service.log"))
 *         .start();
 * intake.awaitReady(Duration.ofSeconds(120));
 * ...
 * intake.stop();
 * }</pre>
 *
 * <p>Every started process is also registered with a JVM shutdown hook that terminates it, so that no child
 * outlives the JVM that started it, even when the caller forgets {@link #stop()} or the JVM is interrupted
 * (Ctrl-C, SIGTERM). Only a SIGKILL of the parent JVM can leave children behind.
 */
public final class ServiceProcess implements AutoCloseable {

    /** The readiness endpoint of SmallRye Health in Quarkus. */
    public static final String DEFAULT_HEALTH_PATH = "/q/health/ready";
    /** How long {@link #stop()} lets a service shut down cleanly after SIGTERM before killing it. */
    public static final Duration DEFAULT_STOP_GRACE = Duration.ofSeconds(10);

    private static final Duration POLL_INTERVAL = Duration.ofMillis(500);
    private static final int LOG_TAIL_LINES = 40;

    /** Processes started and not yet stopped; the reaper hook stops whatever is left at JVM exit. */
    private static final Set<ServiceProcess> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ServiceProcess::stopAllLive, "service-process-reaper"));
    }

    private final String name;
    private final List<String> command;
    private final Path workingDirectory;
    private final Map<String, String> environment;
    private final int port;
    private final URI healthUri;
    private final Path logFile;
    private final Clock clock;
    private final HttpClient http;

    private volatile Process process;

    private ServiceProcess(Builder builder) {
        this.name = builder.name;
        this.command = List.copyOf(builder.command);
        this.workingDirectory = builder.workingDirectory;
        this.environment = Collections.unmodifiableMap(new LinkedHashMap<>(builder.environment));
        this.port = builder.port;
        this.healthUri = URI.create("http://" + builder.healthHost + ":" + builder.port + builder.healthPath);
        this.logFile = builder.logFile;
        this.clock = builder.clock;
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(1))
                // A health check must see the service's own answer, never a redirect target.
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Starts describing a service called {@code name} (used in messages and as the default log file name). */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** The name this service was started under. */
    public String name() {
        return name;
    }

    /** The HTTP port the service was told to listen on. */
    public int port() {
        return port;
    }

    /** {@code http://localhost:<port>}. */
    public URI baseUri() {
        return URI.create("http://localhost:" + port);
    }

    /** The readiness URL {@link #awaitReady(Duration)} polls. */
    public URI healthUri() {
        return healthUri;
    }

    /** The file that receives the process's stdout and stderr. */
    public Path logFile() {
        return logFile;
    }

    /** The command line, for messages. */
    public List<String> command() {
        return command;
    }

    /** The operating system's process id; -1 before {@link Builder#start()}. */
    public long pid() {
        Process p = process;
        return p == null ? -1 : p.pid();
    }

    /** Whether the process is running. */
    public boolean isAlive() {
        Process p = process;
        return p != null && p.isAlive();
    }

    /** The exit code once the process has exited. */
    public OptionalInt exitCode() {
        Process p = process;
        if (p == null || p.isAlive()) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(p.exitValue());
    }

    /** The live process, for callers that want {@link Process#onExit()}; null before start. */
    public Process process() {
        return process;
    }

    // Synchronized with stop(): the reaper hook must not run between registering and spawning.
    private synchronized void launch() {
        try {
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            // A header first, so a log read on its own says what ran and with which overrides.
            Files.writeString(logFile, header(), StandardCharsets.UTF_8);
            ProcessBuilder pb = new ProcessBuilder(command)
                    .directory(workingDirectory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    // Nothing ever writes to a service's stdin; an inherited terminal would let it steal keystrokes.
                    .redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
            pb.environment().putAll(environment);
            LIVE.add(this);
            process = pb.start();
        } catch (IOException e) {
            LIVE.remove(this);
            throw new UncheckedIOException("Cannot start " + name + " (" + String.join(" ", command) + ")", e);
        }
    }

    private String header() {
        StringBuilder sb = new StringBuilder();
        sb.append("# ").append(name).append(" started ").append(clock.instant()).append('\n');
        sb.append("# command: ").append(String.join(" ", command)).append('\n');
        sb.append("# working directory: ").append(workingDirectory.toAbsolutePath()).append('\n');
        environment.forEach((key, value) -> sb.append("# env ").append(key).append('=')
                .append(isSecret(key) ? "****" : value).append('\n'));
        return sb.toString();
    }

    private static boolean isSecret(String key) {
        String upper = key.toUpperCase(Locale.ROOT);
        return upper.contains("PASSWORD") || upper.contains("SECRET") || upper.contains("TOKEN");
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("win") ? "NUL" : "/dev/null");
    }

    /**
     * Polls the readiness endpoint until it answers 200.
     *
     * @throws ServiceNotReadyException when the process exits first (at once, not at the timeout) or the timeout
     *                                  passes; the message names the log file and quotes its last lines
     */
    public void awaitReady(Duration timeout) {
        Process p = process;
        if (p == null) {
            throw new IllegalStateException(name + " was not started");
        }
        // Monotonic time: a wall-clock jump (NTP, suspend) must not stretch or cut the wait.
        long deadline = System.nanoTime() + timeout.toNanos();
        String lastAnswer = "no answer yet";
        while (true) {
            if (!p.isAlive()) {
                throw new ServiceNotReadyException(name, logFile, name + " exited with code " + p.exitValue()
                        + " before it was ready. Log: " + logFile.toAbsolutePath() + "\n" + logTail(LOG_TAIL_LINES));
            }
            try {
                HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(healthUri).timeout(Duration.ofSeconds(2)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
                lastAnswer = "HTTP " + response.statusCode() + " " + abbreviate(response.body());
            } catch (IOException e) {
                lastAnswer = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ServiceNotReadyException(name, logFile, "Interrupted while waiting for " + name);
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new ServiceNotReadyException(name, logFile, name + " was not ready after "
                        + timeout.toSeconds() + " s (" + healthUri + " last said: " + lastAnswer + "). Log: "
                        + logFile.toAbsolutePath() + "\n" + logTail(LOG_TAIL_LINES));
            }
            try {
                // The process may exit while we sleep; waitFor wakes up at once when it does.
                p.waitFor(POLL_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ServiceNotReadyException(name, logFile, "Interrupted while waiting for " + name);
            }
        }
    }

    private static String abbreviate(String body) {
        String oneLine = body.replaceAll("\\s+", " ").trim();
        return oneLine.length() > 300 ? oneLine.substring(0, 300) + "..." : oneLine;
    }

    /**
     * Sends SIGTERM without waiting, so several services can shut down side by side; follow with
     * {@link #stop()} to wait.
     */
    public void requestStop() {
        Process p = process;
        if (p != null && p.isAlive()) {
            p.destroy();
        }
    }

    /** {@link #stop(Duration)} with {@link #DEFAULT_STOP_GRACE}. */
    public void stop() {
        stop(DEFAULT_STOP_GRACE);
    }

    /**
     * Sends SIGTERM (Quarkus then closes its Kafka clients and connection pool), waits up to {@code grace},
     * then kills the process and anything it started. Safe to call more than once and from several threads.
     *
     * @return the exit code, or empty if the process was never started or would not die
     */
    public synchronized OptionalInt stop(Duration grace) {
        Process p = process;
        if (p == null) {
            return OptionalInt.empty();
        }
        try {
            // Captured first: once the parent is gone its children are re-parented and no longer found this way.
            List<ProcessHandle> descendants = p.isAlive() ? p.descendants().toList() : List.of();
            p.destroy();
            boolean exited = p.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
            if (!exited) {
                p.destroyForcibly();
                exited = p.waitFor(5, TimeUnit.SECONDS);
            }
            descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
            return exited ? OptionalInt.of(p.exitValue()) : OptionalInt.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            return OptionalInt.empty();
        } finally {
            LIVE.remove(this);
        }
    }

    /**
     * Kills the process at once (SIGKILL on Unix), as a crash would: no shutdown hook runs, nothing in flight
     * commits, and the operating system closes its sockets. For crash tests.
     *
     * @return the exit code (137 on Unix), or empty if the process was never started or would not die
     */
    public synchronized OptionalInt kill() {
        Process p = process;
        if (p == null) {
            return OptionalInt.empty();
        }
        try {
            p.destroyForcibly();
            return p.waitFor(10, TimeUnit.SECONDS) ? OptionalInt.of(p.exitValue()) : OptionalInt.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalInt.empty();
        } finally {
            LIVE.remove(this);
        }
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    /** Stops several services side by side: SIGTERM to all first, then waits for each. */
    public static void stopAll(Collection<ServiceProcess> services, Duration grace) {
        services.forEach(ServiceProcess::requestStop);
        services.forEach(service -> service.stop(grace));
    }

    private static void stopAllLive() {
        List<ServiceProcess> left = new ArrayList<>(LIVE);
        if (!left.isEmpty()) {
            stopAll(left, DEFAULT_STOP_GRACE);
        }
    }

    /** The last {@code lines} lines of the log file (reads at most the last 64 KiB). */
    public String logTail(int lines) {
        try (RandomAccessFile file = new RandomAccessFile(logFile.toFile(), "r")) {
            long length = file.length();
            long start = Math.max(0, length - 64 * 1024);
            byte[] bytes = new byte[(int) (length - start)];
            file.seek(start);
            file.readFully(bytes);
            List<String> all = new String(bytes, StandardCharsets.UTF_8).lines().toList();
            List<String> tail = all.subList(Math.max(0, all.size() - lines), all.size());
            StringBuilder sb = new StringBuilder("---- last lines of ").append(logFile.getFileName()).append(" ----\n");
            tail.forEach(line -> sb.append("  ").append(line).append('\n'));
            return sb.append("----").toString();
        } catch (IOException e) {
            return "(cannot read " + logFile + ": " + e.getMessage() + ")";
        }
    }

    @Override
    public String toString() {
        return name + "[pid " + pid() + ", port " + port + "]";
    }

    /** Describes a service process; {@link #start()} launches it. */
    public static final class Builder {

        private final String name;
        private List<String> command;
        private Path workingDirectory = Path.of("").toAbsolutePath();
        private final Map<String, String> environment = new LinkedHashMap<>();
        private int port = -1;
        private String healthHost = "localhost";
        private String healthPath = DEFAULT_HEALTH_PATH;
        private Path logFile;
        private Clock clock = Clock.systemUTC();

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        /** Runs {@code <this JVM's java> -jar <jar>}. */
        public Builder jar(Path jar) {
            return jar(jar, List.of());
        }

        /** Runs {@code <this JVM's java> <jvmOptions> -jar <jar>}. */
        public Builder jar(Path jar, List<String> jvmOptions) {
            List<String> cmd = new ArrayList<>();
            // The same JVM the launcher runs on: no dependency on PATH, and the version the project was built for.
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.addAll(jvmOptions);
            cmd.add("-jar");
            cmd.add(jar.toAbsolutePath().toString());
            this.command = cmd;
            return this;
        }

        /** Runs an arbitrary command instead of a jar. */
        public Builder command(List<String> command) {
            this.command = List.copyOf(command);
            return this;
        }

        /** The child's working directory (Quarkus reads {@code .env} and {@code config/} from there). */
        public Builder workingDirectory(Path directory) {
            this.workingDirectory = directory;
            return this;
        }

        /** Adds environment variables on top of this JVM's environment. */
        public Builder env(Map<String, String> variables) {
            this.environment.putAll(variables);
            return this;
        }

        /** Adds one environment variable on top of this JVM's environment. */
        public Builder env(String key, String value) {
            this.environment.put(key, value);
            return this;
        }

        /** The HTTP port the service listens on; required for the readiness probe. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** The host the readiness probe calls; default {@code localhost}. */
        public Builder healthHost(String host) {
            this.healthHost = host;
            return this;
        }

        /** The readiness path; default {@value #DEFAULT_HEALTH_PATH}. */
        public Builder healthPath(String path) {
            this.healthPath = path.startsWith("/") ? path : "/" + path;
            return this;
        }

        /** Where stdout and stderr go; default {@code target/local-stack/logs/<name>.log}. Truncated on start. */
        public Builder logFile(Path file) {
            this.logFile = file;
            return this;
        }

        /** The clock for the start time written at the top of the log. */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** Launches the process; returns at once, see {@link ServiceProcess#awaitReady(Duration)}. */
        public ServiceProcess start() {
            if (command == null || command.isEmpty()) {
                throw new IllegalStateException("No jar or command given for " + name);
            }
            if (port <= 0 || port > 65535) {
                throw new IllegalStateException("No valid HTTP port given for " + name + ": " + port);
            }
            if (logFile == null) {
                logFile = Path.of("target", "local-stack", "logs", name + ".log");
            }
            ServiceProcess service = new ServiceProcess(this);
            service.launch();
            return service;
        }
    }
}
