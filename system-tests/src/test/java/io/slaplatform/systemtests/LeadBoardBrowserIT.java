package io.slaplatform.systemtests;

import io.slaplatform.events.Topics;
import io.slaplatform.localstack.ServiceProcess;
import io.slaplatform.testkit.EmbeddedKafka;
import io.slaplatform.testkit.EmbeddedSmtp;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lead board in a real browser: the four packaged services (customers in Iceland on a 24x7 test calendar with
 * targets of seconds), the in-JVM broker and SMTP server and the machine's PostgreSQL, and
 * {@code system-tests/browser/board.spec.mjs} driving Debian's Chromium with Playwright through the board: sign in
 * with a lead's token, a posted ticket appears live and turns to warning then breached, its history, the
 * attainment report with the breach, and a subscription through the notifier's API. Screenshots are kept in
 * {@code system-tests/target/board-screenshots}.
 *
 * <p>The test installs what it needs with the project's scripts: {@code scripts/ensure-chromium.sh} (Debian's
 * {@code chromium} package) and {@code scripts/ensure-npm-tools.mjs} ({@code playwright-core}, no browser
 * download).
 */
class LeadBoardBrowserIT {

    private static final Path SCREENSHOTS = PackagedServices.ROOT.resolve("system-tests/target/board-screenshots");
    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(5);

    private static EmbeddedKafka kafka;
    private static EmbeddedSmtp smtp;
    private static PackagedServices services;
    private static ServiceProcess intake;
    private static ServiceProcess eligibility;
    private static ServiceProcess slaClock;
    private static ServiceProcess notifier;

    @BeforeAll
    static void startSystem() throws IOException, InterruptedException {
        // installing first: a missing browser fails fast, before four services start
        assertThat(run("scripts/ensure-chromium.sh", List.of("bash", "scripts/ensure-chromium.sh"), Map.of(),
                Duration.ofMinutes(10))).as("exit code of scripts/ensure-chromium.sh").isZero();
        assertThat(run("scripts/ensure-npm-tools.mjs", List.of("node", "scripts/ensure-npm-tools.mjs",
                "system-tests/browser"), Map.of(), Duration.ofMinutes(10)))
                .as("exit code of scripts/ensure-npm-tools.mjs system-tests/browser").isZero();

        kafka = EmbeddedKafka.start();
        kafka.createTopics(Topics.ALL, 3);
        smtp = EmbeddedSmtp.start(PackagedServices.freePort());
        services = new PackagedServices(kafka.bootstrapServers());
        int boardPort = PackagedServices.freePort();
        int notifierPort = PackagedServices.freePort();
        intake = services.launch("intake-service", "board-intake", services.newSchema(), List.of());
        eligibility = services.launch("eligibility-service", "board-eligibility", services.newSchema(), List.of());
        slaClock = services.launch("sla-clock-service", "board-sla-clock", services.newSchema(), PackagedServices.with(
                PackagedServices.SLA_CLOCK_24X7,
                // long enough to see a ticket on track, filter it and answer another before the MAJOR one warns
                "-Dsla.targets.CRITICAL=PT15S",
                "-Dsla.targets.MAJOR=PT25S",
                "-Dsla.targets.MODERATE=PT30S",
                "-Dsla.targets.LIMITED=PT40S",
                "-Dsla.timer-poll-interval=50ms"),
                Map.of("BOARD_NOTIFIER_URL", "http://localhost:" + notifierPort), boardPort);
        notifier = services.launch("notifier-service", "board-notifier", services.newSchema(), PackagedServices.with(
                PackagedServices.NOTIFIER_24X7,
                "-Dquarkus.mailer.host=" + smtp.host(),
                "-Dquarkus.mailer.port=" + smtp.port()),
                Map.of("QUARKUS_HTTP_CORS_ORIGINS", "http://localhost:" + boardPort), notifierPort);
        for (ServiceProcess service : List.of(intake, eligibility, slaClock, notifier)) {
            service.awaitReady(PackagedServices.READY_TIMEOUT);
        }
        services.awaitConsumerGroup("eligibility-service", List.of(Topics.SUPPORT_REQUESTS), 3);
        services.awaitConsumerGroup("sla-clock-service", List.of(Topics.SUPPORT_REQUESTS, Topics.SUPPORT_ELIGIBILITY),
                3);
    }

    @AfterAll
    static void stopSystem() {
        PackagedServices.closeAll(services, smtp, kafka);
    }

    @Test
    void aLeadSeesTicketsLiveTheirHistoryTheReportAndManagesSubscriptions() throws Exception {
        String licenseEmail = "ops-" + UUID.randomUUID() + "@customer.is";
        services.registerEnterpriseLicense(eligibility, licenseEmail, "IS");
        String apiKey = services.createApiKey(intake, "board-test-form");
        deleteScreenshots();

        int exit = run("board.spec.mjs", List.of("node", "system-tests/browser/board.spec.mjs"), Map.of(
                "BOARD_URL", "http://localhost:" + slaClock.port() + "/board/",
                "LEAD_TOKEN", services.token(PackagedServices.LEAD),
                "AGENT_TOKEN", services.token(PackagedServices.AGENT),
                "INTAKE_URL", "http://localhost:" + intake.port(),
                "API_KEY", apiKey,
                "LICENSE_EMAIL", licenseEmail,
                "SCREENSHOT_DIR", SCREENSHOTS.toString()), SCRIPT_TIMEOUT);

        assertThat(exit).as("board.spec.mjs exit code (its output above; failure.png in " + SCREENSHOTS + ")")
                .isZero();
        for (String shot : List.of("1-board-on-track.png", "2-board-warning.png", "3-board-breached-history.png",
                "4-reports.png", "5-subscriptions.png")) {
            assertThat(SCREENSHOTS.resolve(shot)).as("screenshot " + shot).isNotEmptyFile();
        }
    }

    private static void deleteScreenshots() throws IOException {
        if (Files.isDirectory(SCREENSHOTS)) {
            try (var shots = Files.list(SCREENSHOTS)) {
                for (Path shot : shots.toList()) {
                    Files.delete(shot);
                }
            }
        }
    }

    /**
     * Runs a command from the repository root, its output copied line by line to this test's (through System.out,
     * which the test runner captures: a child writing to the JVM's own stdout would corrupt its channel); returns
     * its exit code.
     */
    private static int run(String what, List<String> command, Map<String, String> env, Duration timeout)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).directory(PackagedServices.ROOT.toFile())
                .redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        Thread copier = new Thread(() -> {
            try (BufferedReader output = process.inputReader()) {
                output.lines().forEach(System.out::println);
            } catch (IOException | UncheckedIOException e) {
                System.out.println(what + ": output lost: " + e);
            }
        }, what + " output");
        copier.start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError(what + " did not finish within " + timeout);
        }
        copier.join(TimeUnit.SECONDS.toMillis(10));
        return process.exitValue();
    }
}
