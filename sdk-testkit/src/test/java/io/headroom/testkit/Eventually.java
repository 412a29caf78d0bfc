package io.headroom.testkit;

import java.time.Duration;

/** Retries an assertion until it passes or a deadline passes, for state that settles asynchronously. */
final class Eventually {

    /** An assertion that may throw. */
    @FunctionalInterface
    interface Check {
        void run() throws Exception;
    }

    private Eventually() {
    }

    /**
     * Runs {@code check} until it passes, at most for {@code timeout}; then rethrows its last failure.
     *
     * @param timeout how long to keep trying
     * @param check the assertion
     * @throws Exception the last failure of {@code check}
     */
    static void eventually(Duration timeout, Check check) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                check.run();
                return;
            } catch (Exception | AssertionError e) {
                if (System.nanoTime() - deadline >= 0) {
                    throw e;
                }
                Thread.sleep(20);
            }
        }
    }
}
