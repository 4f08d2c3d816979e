package io.slaplatform.localstack;

import io.slaplatform.events.Topics;
import io.slaplatform.testkit.EmbeddedKafka;
import io.slaplatform.testkit.KafkaShutdownGuard;
import io.slaplatform.testkit.EmbeddedSmtp;
import io.slaplatform.testkit.EventLog;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionService;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The one-command local stack: an embedded Kafka broker (KRaft, in this JVM) with every platform topic, an SMTP
 * sink with a {@link MailView}, and the four services as child processes against the machine's PostgreSQL.
 * Started by {@code ./run-local.sh}; stopped with Ctrl-C, which stops the services, then the mail sink, then
 * Kafka. Settings: {@link LocalStackConfig#HELP} (also printed by {@code --help}).
 */
public final class LocalStack {

    /** Partitions per topic: more than one, so per-key ordering is exercised as in production. */
    static final int TOPIC_PARTITIONS = 3;

    private final LocalStackConfig config;
    private final Clock clock;
    private final PrintStream out;
    private final CountDownLatch stopped = new CountDownLatch(1);

    // Guarded by this: the shutdown hook may run while main is still starting things.
    private boolean stopping;
    private EmbeddedKafka kafka;
    private EmbeddedSmtp smtp;
    private MailView mailView;
    private EventLog events;
    private final List<ServiceProcess> services = new ArrayList<>();
    private DevCredentials credentials;
    private DevCredentials.Issued issued;
    private Path credentialsFile;

    /**
     * @param config what to run
     * @param clock  for the times shown in the mail view and the service logs' headers
     * @param out    where progress and the banner go
     */
    public LocalStack(LocalStackConfig config, Clock clock, PrintStream out) {
        this.config = config;
        this.clock = clock;
        this.out = out;
    }

    /** Runs the stack until Ctrl-C. Exit status 2: a prerequisite is missing; 1: something failed to start. */
    public static void main(String[] args) {
        configureLogging();
        if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.print(LocalStackConfig.HELP);
            return;
        }
        LocalStackConfig config;
        try {
            config = LocalStackConfig.from(System.getenv(), System.getProperties());
            checkPrerequisites(config);
        } catch (LocalStackException e) {
            System.err.println("local-stack: " + e.getMessage());
            System.exit(2);
            return;
        }
        // Local time: these are the times a developer compares with their own clock.
        LocalStack stack = new LocalStack(config, Clock.systemDefaultZone(), System.out);
        Runtime.getRuntime().addShutdownHook(new Thread(stack::stop, "local-stack-stop"));
        try {
            long started = System.nanoTime();
            stack.start();
            stack.printBanner(Duration.ofNanos(System.nanoTime() - started));
        } catch (RuntimeException e) {
            if (stack.isStopping()) {
                return; // Ctrl-C during start-up: the hook is already stopping everything.
            }
            System.err.println();
            System.err.println("local-stack: " + describe(e));
            System.exit(1); // runs the shutdown hook, which stops what did start
            return;
        }
        stack.awaitStopped();
    }

    /**
     * Before anything logs: the broker and GreenMail log through jboss-logmanager, which must be the JUL log
     * manager (run-local.sh sets it too; this covers a run from an IDE). Its configuration is named explicitly
     * rather than found as a root {@code logging.properties}, which would also reconfigure every module that has
     * local-stack on its classpath.
     */
    private static void configureLogging() {
        if (System.getProperty("java.util.logging.manager") == null) {
            System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
        }
        java.net.URL configuration = LocalStack.class.getResource("logging.properties");
        if (System.getProperty("logging.configuration") == null && configuration != null) {
            System.setProperty("logging.configuration", configuration.toExternalForm());
        }
    }

    private static String describe(RuntimeException e) {
        if (e instanceof LocalStackException || e instanceof ServiceNotReadyException) {
            return e.getMessage();
        }
        StringBuilder sb = new StringBuilder(e.toString());
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            sb.append("\n  caused by: ").append(cause);
        }
        return sb.toString();
    }

    /** The checks that need nothing started: jars built, no other stack running, PostgreSQL up, ports free. */
    static void checkPrerequisites(LocalStackConfig config) {
        Preflight.checkJars(config);
        Preflight.checkNoOtherLauncher(launcherPidFile(config));
        Preflight.checkPostgres(config.jdbcUrl(), config.dbUser(), config.dbPassword());
        Map<String, Integer> ports = new LinkedHashMap<>();
        Map<String, String> hosts = new LinkedHashMap<>();
        Map<String, String> variables = new LinkedHashMap<>();
        Map<String, Path> pidFiles = new LinkedHashMap<>();
        for (LocalStackConfig.Service service : config.services()) {
            ports.put(service.name(), service.port());
            hosts.put(service.name(), config.httpHost());
            variables.put(service.name(), service.portVariable());
            pidFiles.put(service.name(), servicePidFile(config, service.name()));
        }
        ports.put("SMTP sink", config.smtpPort());
        variables.put("SMTP sink", "LOCAL_STACK_SMTP_PORT");
        ports.put("mail view", config.mailViewPort());
        variables.put("mail view", "LOCAL_STACK_MAIL_VIEW_PORT");
        Preflight.checkPortsFree(ports, hosts, variables, pidFiles);
    }

    private static Path launcherPidFile(LocalStackConfig config) {
        return config.pidDirectory().resolve("local-stack.pid");
    }

    private static Path servicePidFile(LocalStackConfig config, String service) {
        return config.pidDirectory().resolve(service + ".pid");
    }

    /**
     * Starts everything and waits until every service is ready.
     *
     * @throws LocalStackException       when the stack is being stopped meanwhile, or a directory cannot be made
     * @throws ServiceNotReadyException when a service exits or is not ready within the timeout
     */
    public void start() {
        prepareDirectories();
        credentials = new DevCredentials(clock);
        Preflight.writePid(launcherPidFile(config), ProcessHandle.current().pid());

        step("Starting Kafka (embedded KRaft broker) ...");
        KafkaShutdownGuard.install(this::isStopping, out);
        synchronized (this) {
            ensureNotStopping();
            kafka = EmbeddedKafka.start();
        }
        // Created up front: consumers then never see UNKNOWN_TOPIC_OR_PARTITION while producers catch up.
        kafka.createTopics(Topics.ALL, TOPIC_PARTITIONS);
        step("Kafka is up at " + kafka.bootstrapServers() + " with topics " + String.join(", ", Topics.ALL));

        synchronized (this) {
            ensureNotStopping();
            smtp = EmbeddedSmtp.start(config.smtpPort());
            mailView = MailView.start(smtp, config.mailViewPort(), config.mailDirectory(), clock);
            events = EventLog.of(kafka.bootstrapServers(), Topics.ALL);
            mailView.addContext("/events", new EventView(events));
        }
        step("SMTP sink on 127.0.0.1:" + smtp.port() + ", mail view on " + mailView.uri()
                + ", event view on " + mailView.uri().resolve("/events"));

        for (LocalStackConfig.Service service : config.services()) {
            synchronized (this) {
                ensureNotStopping();
                ServiceProcess process = launch(service);
                services.add(process);
                Preflight.writePid(servicePidFile(config, service.name()), process.pid());
            }
            step("Started " + service.name() + " (pid " + services.get(services.size() - 1).pid() + ")");
        }
        step("Waiting for the services to be ready (up to " + config.readyTimeout().toSeconds() + " s) ...");
        awaitAllReady();
        services.forEach(this::warnOnUnexpectedExit);
        services.stream().filter(service -> service.name().equals("intake-service")).findFirst().ifPresent(intake -> {
            issued = credentials.issue(intake.baseUri());
            credentialsFile = DevCredentials.write(issued, config.stateDirectory());
            if (!issued.revokedKeyIds().isEmpty()) {
                step("Revoked the API key(s) of web form backend '" + DevCredentials.FORM_BACKEND
                        + "' that earlier local stacks issued (" + String.join(", ", issued.revokedKeyIds())
                        + "): an SLA_API_KEY of an earlier run no longer works");
            }
            step("Issued staff tokens and an API key for web form backend '" + DevCredentials.FORM_BACKEND
                    + "' (" + credentialsFile + ")");
        });
    }

    /** The credentials issued at start; empty before the services are ready or without intake-service. */
    java.util.Optional<DevCredentials.Issued> credentials() {
        return java.util.Optional.ofNullable(issued);
    }

    private ServiceProcess launch(LocalStackConfig.Service service) {
        Map<String, String> env = ServiceEnvironment.of(service.port(), kafka.bootstrapServers(), config.jdbcUrl(),
                config.dbUser(), config.dbPassword(), service.schema());
        // Loopback by default: this is a developer machine, and its tokens are signed by a key made for this run.
        env.put("QUARKUS_HTTP_HOST", config.httpHost());
        env.putAll(credentials.serviceEnv());
        env.putAll(boardEnvironment(service));
        if (service.mailer()) {
            env.put("QUARKUS_MAILER_HOST", "127.0.0.1");
            env.put("QUARKUS_MAILER_PORT", Integer.toString(smtp.port()));
            // Quarkus mocks the mailer outside prod unless told not to; the sink speaks plain SMTP.
            env.put("QUARKUS_MAILER_MOCK", "false");
            env.put("QUARKUS_MAILER_START_TLS", "DISABLED");
        }
        return ServiceProcess.builder(service.name())
                .jar(service.jar(config.repoRoot()), config.serviceJvmOptions())
                .workingDirectory(service.moduleDirectory(config.repoRoot()))
                .env(env)
                .port(service.port())
                .logFile(config.logDirectory().resolve(service.name() + ".log"))
                .clock(clock)
                .start();
    }

    /**
     * The lead board (served by sla-clock-service at {@code /board/}) manages subscriptions through the notifier's
     * API from its own origin: sla-clock-service is told where the notifier is, and the notifier allows the board's
     * origin, by either loopback name.
     */
    private Map<String, String> boardEnvironment(LocalStackConfig.Service service) {
        Optional<LocalStackConfig.Service> board = configured("sla-clock-service");
        Optional<LocalStackConfig.Service> notifier = configured("notifier-service");
        if (service.name().equals("sla-clock-service") && notifier.isPresent()) {
            return Map.of("BOARD_NOTIFIER_URL", "http://localhost:" + notifier.get().port());
        }
        if (service.name().equals("notifier-service") && board.isPresent()) {
            int port = board.get().port();
            return Map.of("QUARKUS_HTTP_CORS_ORIGINS", "http://localhost:" + port + ",http://127.0.0.1:" + port);
        }
        return Map.of();
    }

    private Optional<LocalStackConfig.Service> configured(String name) {
        return config.services().stream().filter(service -> service.name().equals(name)).findFirst();
    }

    /** Waits for all services side by side, so the first one to fail is reported at once. */
    private void awaitAllReady() {
        ExecutorService executor = Executors.newFixedThreadPool(services.size(), runnable -> {
            Thread thread = new Thread(runnable, "await-ready");
            thread.setDaemon(true);
            return thread;
        });
        try {
            CompletionService<ServiceProcess> completion = new ExecutorCompletionService<>(executor);
            long deadline = System.nanoTime() + config.readyTimeout().toNanos();
            for (ServiceProcess service : services) {
                completion.submit(() -> {
                    // One shared deadline: the timeout is for the whole stack, not per service.
                    service.awaitReady(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
                    return service;
                });
            }
            for (int i = 0; i < services.size(); i++) {
                ServiceProcess ready = completion.take().get();
                step(ready.name() + " is ready");
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalStackException("Interrupted while waiting for the services");
        } finally {
            executor.shutdownNow();
        }
    }

    private void warnOnUnexpectedExit(ServiceProcess service) {
        // Checked a moment later: Ctrl-C in a terminal signals the services too, and they may exit just before
        // the shutdown hook has marked the stack as stopping.
        service.process().onExit().thenAcceptAsync(process -> {
            if (!isStopping()) {
                out.printf("%n[local-stack] WARNING: %s exited unexpectedly with code %d. Log: %s%n%s%n",
                        service.name(), process.exitValue(), service.logFile(), service.logTail(15));
            }
        }, CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS));
    }

    /** The block a developer looks for: where everything is. */
    void printBanner(Duration startedIn) {
        String rule = "=".repeat(100);
        StringBuilder sb = new StringBuilder();
        sb.append('\n').append(rule).append('\n');
        sb.append(String.format(Locale.ROOT, "  Local stack is up (ready in %.1f s)%n%n", startedIn.toMillis() / 1000.0));
        sb.append(String.format("  %-22s %s%n", "Kafka bootstrap", kafka.bootstrapServers()));
        for (ServiceProcess service : services) {
            sb.append(String.format("  %-22s %-24s health: %s%n", service.name(), service.baseUri(), service.healthUri()));
        }
        sb.append(String.format("  %-22s %s  (SMTP sink on 127.0.0.1:%d)%n", "Mail view", mailView.uri(), smtp.port()));
        sb.append(String.format("  %-22s %s  (?key=<request id>, ?type=<ce_type>)%n", "Event view",
                mailView.uri().resolve("/events")));
        configured("sla-clock-service").ifPresent(board -> sb.append(String.format(
                "  %-22s http://localhost:%d/board/  (sign in with SLA_LEAD_TOKEN below)%n", "Lead board",
                board.port())));
        sb.append(String.format("  %-22s %s%n", "Mail files (.eml)", config.mailDirectory()));
        sb.append(String.format("  %-22s %s%n", "Service logs", config.logDirectory()));
        sb.append(String.format("  %-22s %s (schemas: %s)%n", "PostgreSQL", config.jdbcUrl(),
                String.join(", ", config.services().stream().map(LocalStackConfig.Service::schema).toList())));
        if (issued != null) {
            sb.append('\n').append("  Credentials (signed by a key made for this run; also in ").append(credentialsFile)
                    .append(", to `source`):\n");
            sb.append(String.format("  %-22s %s%n", "SLA_API_KEY", issued.apiKey()));
            sb.append(String.format("  %-22s %s%n", "SLA_AGENT_TOKEN", issued.agentToken()));
            sb.append(String.format("  %-22s %s%n", "SLA_LEAD_TOKEN", issued.leadToken()));
            sb.append(String.format("  %-22s %s%n", "SLA_ADMIN_TOKEN", issued.adminToken()));
            sb.append(String.format("  %-22s %s%n", "SLA_FORM_TOKEN", issued.formBackendToken()));
            sb.append("  e.g. curl -H \"X-API-Key: $SLA_API_KEY\" ...   curl -H \"Authorization: Bearer $SLA_LEAD_TOKEN\" ...\n");
        }
        sb.append('\n').append("  Press Ctrl-C to stop.").append('\n');
        sb.append(rule).append('\n');
        out.print(sb);
        out.flush();
    }

    /** Blocks until {@link #stop()} has finished. */
    public void awaitStopped() {
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether {@link #stop()} has begun. */
    public synchronized boolean isStopping() {
        return stopping;
    }

    /**
     * Stops the services (side by side, SIGTERM then up to 10 s), then the mail view and SMTP sink, then Kafka:
     * services first, so they shut down against a broker that is still there. Idempotent.
     */
    public void stop() {
        List<ServiceProcess> toStop;
        synchronized (this) {
            if (stopping) {
                return;
            }
            stopping = true;
            toStop = List.copyOf(services);
        }
        out.println();
        step("Stopping local stack ...");
        ServiceProcess.stopAll(toStop, ServiceProcess.DEFAULT_STOP_GRACE);
        for (ServiceProcess service : toStop) {
            OptionalInt code = service.exitCode();
            step("Stopped " + service.name() + (code.isPresent() ? " (exit code " + code.getAsInt() + ")" : " (killed)"));
            Preflight.deletePid(servicePidFile(config, service.name()));
        }
        quietly("mail view", () -> { if (mailView != null) { mailView.close(); } });
        quietly("event view", () -> { if (events != null) { events.close(); } });
        quietly("SMTP sink", () -> { if (smtp != null) { smtp.close(); } });
        if (mailView != null || smtp != null) {
            step("Stopped SMTP sink and mail view");
        }
        quietly("Kafka", () -> { if (kafka != null) { kafka.close(); } });
        KafkaShutdownGuard.runDeferredHooks();
        if (kafka != null) {
            step("Stopped Kafka");
        }
        Preflight.deletePid(launcherPidFile(config));
        step("Local stack stopped.");
        out.flush();
        stopped.countDown();
    }

    private void quietly(String what, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            // Keep going: the next components must still be stopped.
            out.println("[local-stack] Could not stop " + what + " cleanly: " + e);
        }
    }

    private void ensureNotStopping() {
        if (stopping) {
            throw new LocalStackException("Stopped during start-up");
        }
    }

    private void prepareDirectories() {
        try {
            Files.createDirectories(config.logDirectory());
            Files.createDirectories(config.mailDirectory());
            Files.createDirectories(config.pidDirectory());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + config.stateDirectory(), e);
        }
    }

    private void step(String message) {
        out.println("[local-stack] " + message);
        out.flush();
    }
}
