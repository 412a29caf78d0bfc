package io.headroom.internal;

import io.headroom.HeadroomException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The one futures helper every primitive's blocking form goes through, so a blocking call fails the same way in
 * every primitive: it throws the failure its async form completes with, unwrapped.
 *
 * <p>Semantics of {@link #join}: waits for the stage (interruptibly); on success returns the value; on failure
 * strips every {@link CompletionException} and {@link ExecutionException} layer ({@link #unwrap}) and rethrows
 * the innermost cause if it is unchecked (a {@link RuntimeException} or an {@link Error}), else wraps it in a
 * {@link HeadroomException} naming it. An interrupt while waiting restores the thread's interrupt flag and throws
 * a {@link HeadroomException} whose cause is the {@link InterruptedException}. Stateless and thread-safe.
 */
public final class Futures {

    private Futures() {
    }

    /**
     * Waits for a stage and returns its value, or throws its failure unwrapped (see the class documentation).
     *
     * @param stage the stage to wait for
     * @param <T> the value's type
     * @return the stage's value
     * @throws RuntimeException the stage's unchecked failure, unwrapped
     * @throws HeadroomException wrapping a checked failure, or when the waiting thread is interrupted
     */
    public static <T> T join(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HeadroomException("interrupted while waiting for a result", e);
        } catch (ExecutionException | CompletionException e) {
            throw rethrowable(e);
        }
    }

    /**
     * Strips {@link CompletionException} and {@link ExecutionException} layers, however deep.
     *
     * @param failure a failure
     * @return the innermost cause that is neither (or {@code failure} itself when it has no cause)
     */
    public static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /**
     * Applies a timeout to a future in place: it completes exceptionally with a
     * {@link java.util.concurrent.TimeoutException} unless it completes within {@code timeout}.
     *
     * @param future the future; the same instance is returned, so a client's own future (a Lettuce command) is
     *     the one that times out and is never sent late
     * @param timeout the longest the future may take
     * @param <T> the value's type
     * @return {@code future}
     */
    public static <T> CompletableFuture<T> orTimeout(CompletableFuture<T> future, Duration timeout) {
        return future.orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    private static RuntimeException rethrowable(Throwable wrapped) {
        Throwable cause = unwrap(wrapped);
        if (cause instanceof RuntimeException r) {
            return r;
        }
        if (cause instanceof Error err) {
            throw err;
        }
        return new HeadroomException("failed: " + cause, cause);
    }
}
