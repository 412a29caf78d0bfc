package io.headroom.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs cleanup actions (kill a redis-server, delete its directory, stop a proxy) in one JVM shutdown hook, so
 * nothing outlives the test JVM even when a test fails before closing what it started. A JVM killed with
 * {@code SIGKILL} runs no hooks; nothing can help there.
 *
 * <p>Thread-safe.
 */
final class ShutdownReaper {

    private static final Set<Runnable> ACTIONS = ConcurrentHashMap.newKeySet();
    private static boolean hookInstalled;

    private ShutdownReaper() {
    }

    /**
     * Registers an action to run at JVM shutdown unless {@link #unregister(Runnable) unregistered} first.
     *
     * @param action an idempotent action that does not throw
     */
    static void register(Runnable action) {
        installHook();
        ACTIONS.add(action);
    }

    /**
     * Forgets an action, typically because its resource was closed normally.
     *
     * @param action the action given to {@link #register(Runnable)}
     */
    static void unregister(Runnable action) {
        ACTIONS.remove(action);
    }

    private static synchronized void installHook() {
        if (hookInstalled) {
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(ShutdownReaper::runAll, "headroom-testkit-reaper"));
        hookInstalled = true;
    }

    private static void runAll() {
        List<Runnable> actions = new ArrayList<>(ACTIONS);
        ACTIONS.clear();
        for (Runnable action : actions) {
            try {
                action.run();
            } catch (RuntimeException | Error e) {
                // keep cleaning up the rest; a shutdown hook has nobody to report to but stderr
                System.err.println("headroom-testkit: cleanup at shutdown failed: " + e);
            }
        }
    }
}
