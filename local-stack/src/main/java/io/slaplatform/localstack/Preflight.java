package io.slaplatform.localstack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks made before anything starts, so that a missing prerequisite ends in one clear sentence instead of a
 * service failing two minutes later with a stack trace in its log.
 */
final class Preflight {

    private Preflight() {
    }

    /** Every service jar exists. */
    static void checkJars(LocalStackConfig config) {
        List<String> missing = new ArrayList<>();
        for (LocalStackConfig.Service service : config.services()) {
            Path jar = service.jar(config.repoRoot());
            if (!Files.isRegularFile(jar)) {
                missing.add("  " + config.repoRoot().relativize(jar));
            }
        }
        if (!missing.isEmpty()) {
            throw new LocalStackException("Service jars are missing:\n" + String.join("\n", missing)
                    + "\nBuild them first: ./mvnw -B package -DskipTests (or run ./run-local.sh without --no-build).");
        }
    }

    /** PostgreSQL accepts a connection with the configured URL and credentials. */
    static void checkPostgres(String jdbcUrl, String user, String password) {
        // The driver's default login timeout is long; a local database either answers at once or is down.
        DriverManager.setLoginTimeout(5);
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password)) {
            if (!connection.isValid(5)) {
                throw new SQLException("connection is not valid");
            }
        } catch (SQLException e) {
            throw new LocalStackException("PostgreSQL does not accept connections at " + jdbcUrl + " as user '" + user
                    + "': " + e.getMessage() + "\nStart it (for example: pg_ctlcluster --skip-systemctl-redirect"
                    + " $(ls /etc/postgresql) main start), or point LOCAL_STACK_JDBC_URL, LOCAL_STACK_DB_USER and"
                    + " LOCAL_STACK_DB_PASSWORD at a running server.", e);
        }
    }

    /** No earlier launcher is still running, judged by its pid file. */
    static void checkNoOtherLauncher(Path pidFile) {
        readLivePid(pidFile, LocalStack.class.getName()).ifPresent(pid -> {
            throw new LocalStackException("Another local stack is already running (pid " + pid + "). Stop it first:"
                    + " Ctrl-C in its terminal, or kill -INT " + pid + ".");
        });
    }

    /**
     * Each port is free to bind, and no two uses share one.
     *
     * @param uses        what each port is for, e.g. "intake-service" or "SMTP sink", with its port
     * @param bindHosts   the address each use will bind to
     * @param envVariable the variable that moves each use to another port
     * @param pidFiles    for uses the launcher starts as processes, the pid file of the last run
     */
    static void checkPortsFree(Map<String, Integer> uses, Map<String, String> bindHosts,
                               Map<String, String> envVariable, Map<String, Path> pidFiles) {
        Map<Integer, String> owners = new HashMap<>();
        uses.forEach((use, port) -> {
            String other = owners.putIfAbsent(port, use);
            if (other != null) {
                throw new LocalStackException("Port " + port + " is configured for both " + other + " and " + use
                        + ". Move one with " + envVariable.get(use) + ".");
            }
        });
        List<String> busy = new ArrayList<>();
        uses.forEach((use, port) -> {
            String host = bindHosts.getOrDefault(use, "127.0.0.1");
            if (!canBind(host, port)) {
                StringBuilder line = new StringBuilder("  " + port + " (" + use + ") is in use on " + host + ".");
                Path pidFile = pidFiles.get(use);
                Optional<Long> leftover = pidFile == null ? Optional.empty() : readLivePid(pidFile, "quarkus-run.jar");
                leftover.ifPresent(pid -> line.append(" Process ").append(pid)
                        .append(" was started by an earlier local stack that did not stop it; end it with: kill ")
                        .append(pid));
                if (leftover.isEmpty()) {
                    line.append(" Free it (see: ss -ltnp 'sport = :").append(port).append("') or set ")
                            .append(envVariable.get(use)).append('.');
                }
                busy.add(line.toString());
            }
        });
        if (!busy.isEmpty()) {
            throw new LocalStackException("Ports are not free:\n" + String.join("\n", busy));
        }
    }

    static boolean canBind(String host, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            // As the servers themselves do; otherwise a socket in TIME_WAIT from the last run would count as busy.
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(host), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Writes this process's pid, or another's, to {@code pidFile}. */
    static void writePid(Path pidFile, long pid) {
        try {
            Files.createDirectories(pidFile.getParent());
            Files.writeString(pidFile, pid + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            // Only a convenience for later error messages; never a reason to fail.
        }
    }

    static void deletePid(Path pidFile) {
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            // See writePid.
        }
    }

    /**
     * The pid in {@code pidFile} if that process is alive and its command line mentions {@code marker}. The pid
     * may have been reused by an unrelated process since, and a killed process may linger as a zombie with no
     * command line; neither must block a start, so an invisible command line counts as no match.
     */
    static Optional<Long> readLivePid(Path pidFile, String marker) {
        try {
            if (!Files.isRegularFile(pidFile)) {
                return Optional.empty();
            }
            long pid = Long.parseLong(Files.readString(pidFile, StandardCharsets.UTF_8).trim());
            if (pid == ProcessHandle.current().pid()) {
                return Optional.empty();
            }
            return ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .filter(handle -> handle.info().commandLine().map(line -> line.contains(marker)).orElse(false))
                    .map(ProcessHandle::pid);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
