package io.slaplatform.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceProcessTest {

    @TempDir
    Path dir;

    private final List<ServiceProcess> started = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        started.forEach(service -> service.stop(Duration.ofSeconds(1)));
    }

    @Test
    void waitsUntilReadyPassesTheEnvironmentAndStopsWithSigterm() throws IOException {
        int port = freePort();
        ServiceProcess service = start("fake", port, "ready", "1500");

        service.awaitReady(Duration.ofSeconds(30));

        assertThat(service.isAlive()).isTrue();
        String log = Files.readString(service.logFile());
        assertThat(log)
                .contains("# fake started")
                .contains("# env GREETING=hello")
                .contains("# env SOME_PASSWORD=****")
                .doesNotContain("s3cret")
                .contains("GREETING=hello cwd=" + dir.toRealPath());
        OptionalInt exitCode = service.stop(Duration.ofSeconds(10));
        assertThat(service.isAlive()).isFalse();
        // 128 + SIGTERM: the JVM ran its shutdown instead of being killed.
        assertThat(exitCode).hasValue(143);
    }

    @Test
    void failsFastWithTheLogTailWhenTheProcessExits() {
        ServiceProcess service = start("broken", freePort(), "exit");
        long before = System.nanoTime();

        assertThatThrownBy(() -> service.awaitReady(Duration.ofSeconds(60)))
                .isInstanceOf(ServiceNotReadyException.class)
                .hasMessageContaining("broken exited with code 3")
                .hasMessageContaining("failing on purpose")
                .hasMessageContaining(service.logFile().toString());
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void reportsTheLastAnswerOnTimeout() {
        ServiceProcess service = start("slow", freePort(), "ready", "600000");

        assertThatThrownBy(() -> service.awaitReady(Duration.ofSeconds(3)))
                .isInstanceOf(ServiceNotReadyException.class)
                .hasMessageContaining("slow was not ready after 3 s")
                .hasMessageContaining("HTTP 503")
                .satisfies(e -> assertThat(((ServiceNotReadyException) e).serviceName()).isEqualTo("slow"));
    }

    @Test
    void killsAProcessThatDoesNotStopInTime() {
        ServiceProcess service = start("stubborn", freePort(), "stubborn");
        service.awaitReady(Duration.ofSeconds(30));
        long before = System.nanoTime();

        service.stop(Duration.ofSeconds(1));

        assertThat(service.isAlive()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void killEndsTheProcessWithoutItsShutdown() {
        // its shutdown hook would take a minute: a kill does not run it
        ServiceProcess service = start("crashing", freePort(), "stubborn");
        service.awaitReady(Duration.ofSeconds(30));
        long before = System.nanoTime();

        OptionalInt exitCode = service.kill();

        assertThat(service.isAlive()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(10));
        // 128 + SIGKILL: killed, not shut down (stop() gives 143)
        assertThat(exitCode).hasValue(137);
    }

    private ServiceProcess start(String name, int port, String... mode) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                FakeService.class.getName(), Integer.toString(port)));
        command.addAll(List.of(mode));
        ServiceProcess service = ServiceProcess.builder(name)
                .command(command)
                .workingDirectory(dir)
                .env("GREETING", "hello")
                .env("SOME_PASSWORD", "s3cret")
                .port(port)
                .logFile(dir.resolve("logs").resolve(name + ".log"))
                .start();
        started.add(service);
        return service;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
