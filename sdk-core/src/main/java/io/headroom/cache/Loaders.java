package io.headroom.cache;

import io.headroom.internal.Futures;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;

/**
 * Adapters that turn the caller's loaders into one shape, {@code key -> CompletableFuture}, and say on which
 * thread they run. A loader that throws, or returns a {@code null} stage or map, becomes a failed future (the
 * cache then reports it as {@link CacheLoadException}). Stateless.
 */
final class Loaders {

    private Loaders() {
    }

    /**
     * A blocking loader as a future-returning one; it runs on the thread that calls the result.
     *
     * @param loader the caller's loader
     * @param <K> the key type
     * @param <T> the value type
     * @return the adapted loader
     */
    static <K, T> Function<K, CompletableFuture<T>> blocking(Function<? super K, ? extends T> loader) {
        return key -> {
            try {
                return CompletableFuture.completedFuture(loader.apply(key));
            } catch (RuntimeException | Error e) {
                return CompletableFuture.failedFuture(e);
            }
        };
    }

    /**
     * An asynchronous loader with its stage made a {@link CompletableFuture}.
     *
     * @param loader the caller's loader
     * @param <K> the key type
     * @param <T> the value type
     * @return the adapted loader
     */
    static <K, T> Function<K, CompletableFuture<T>> async(
            Function<? super K, ? extends CompletionStage<? extends T>> loader) {
        return key -> {
            try {
                CompletionStage<? extends T> stage = loader.apply(key);
                if (stage == null) {
                    return CompletableFuture.failedFuture(
                            new NullPointerException("the loader returned a null stage"));
                }
                return stage.toCompletableFuture().thenApply(v -> (T) v);
            } catch (RuntimeException | Error e) {
                return CompletableFuture.failedFuture(e);
            }
        };
    }

    /**
     * Starts {@code loader} on {@code executor} instead of the thread that asks for the load.
     *
     * @param loader the loader
     * @param executor where it starts
     * @param <K> the key type
     * @param <T> the value type
     * @return the loader, started on the executor
     */
    static <K, T> Function<K, CompletableFuture<T>> on(Function<K, CompletableFuture<T>> loader, Executor executor) {
        return key -> CompletableFuture.supplyAsync(() -> loader.apply(key), executor)
                .thenCompose(Function.identity());
    }

    /**
     * Completes {@code to} as {@code from} completes, with the failure unwrapped.
     *
     * @param from the source
     * @param to the target
     * @param <T> the value type
     */
    static <T> void pipe(CompletableFuture<? extends T> from, CompletableFuture<T> to) {
        from.whenComplete((v, e) -> {
            if (e != null) {
                to.completeExceptionally(Futures.unwrap(e));
            } else {
                to.complete(v);
            }
        });
    }

    /**
     * Runs tasks on the thread that waits for a result: blocking loaders of the blocking API run on the caller's
     * thread even when the load is decided on a backend's I/O thread. One instance per blocking call.
     */
    static final class CallerRuns implements Executor {
        private static final Runnable WAKE_UP = () -> { };
        private final LinkedBlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
        }

        /**
         * Runs the tasks handed to this executor until {@code result} completes, then returns it as
         * {@link Futures#join} does. An interrupt does not stop a load others may share: it is finished, and
         * the interrupt flag restored.
         *
         * @param result the result to wait for
         * @param <T> its type
         * @return its value
         */
        <T> T drain(CompletableFuture<T> result) {
            result.whenComplete((v, e) -> tasks.add(WAKE_UP));
            boolean interrupted = false;
            while (!result.isDone()) {
                try {
                    tasks.take().run();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            Runnable left;
            while ((left = tasks.poll()) != null) {
                left.run();
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            return Futures.join(result);
        }
    }
}
