package io.slaplatform.testkit;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.apache.kafka.common.utils.Exit;

/**
 * Keeps the embedded Kafka broker from cutting an orderly shutdown (the local stack's, a test JVM's) short.
 *
 * <p>Kafka's test kit registers a JVM shutdown hook per temporary data directory that deletes it. On Ctrl-C those
 * hooks run at the same time as the stack's own hook, so the broker's log directory vanishes under a running
 * broker; the broker then declares every log directory failed and halts the JVM ({@code Runtime.halt}), which
 * skips the remaining shutdown hooks: services may be left running and the "stopped" report never printed.
 *
 * <p>Both go through Kafka's {@link Exit} indirection, so the guard (installed before the broker starts):
 * <ul>
 *   <li>defers hook registrations: {@link #runDeferredHooks()} runs them after the broker has been closed;</li>
 *   <li>turns a halt into a normal {@code System.exit}, which runs the stack's shutdown hook, so the services
 *       are still stopped; during shutdown a halt is only reported, the stop in progress finishes the job.</li>
 * </ul>
 */
public final class KafkaShutdownGuard {

    private static final List<Runnable> DEFERRED = new CopyOnWriteArrayList<>();

    private KafkaShutdownGuard() {
    }

    /**
     * Installs the guard; call before the broker starts.
     *
     * @param stopping whether the JVM is already stopping in order (a halt then is only reported)
     * @param out      where to report a halt request
     */
    public static void install(BooleanSupplier stopping, PrintStream out) {
        Exit.setShutdownHookAdder((name, hook) -> DEFERRED.add(hook));
        Exit.setHaltProcedure((status, message) -> {
            out.println("[local-stack] The Kafka broker asked to halt the JVM (status " + status + ")"
                    + (message == null ? "" : ": " + message));
            if (!stopping.getAsBoolean()) {
                // Not from this thread: System.exit blocks until the hooks finish, and they wait for the broker.
                Thread exit = new Thread(() -> System.exit(status), "kafka-halt-exit");
                exit.setDaemon(true);
                exit.start();
            }
        });
    }

    /** Runs the hooks Kafka asked for (deleting its temporary directories); call once the broker is closed. */
    public static void runDeferredHooks() {
        for (Runnable hook : DEFERRED) {
            try {
                hook.run();
            } catch (RuntimeException e) {
                // Only clean-up of temporary files; the next hook must still run.
            }
        }
        DEFERRED.clear();
    }
}
