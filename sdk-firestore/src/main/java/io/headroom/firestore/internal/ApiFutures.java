package io.headroom.firestore.internal;

import com.google.api.core.ApiFuture;
import com.google.common.util.concurrent.MoreExecutors;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** Adapts the Firestore client's {@link ApiFuture} to {@link CompletableFuture}, in both directions of cancellation. */
public final class ApiFutures {

    private ApiFutures() {
    }

    /**
     * A {@link CompletableFuture} completing with {@code future}. Completing the returned future first (a timeout,
     * a cancel) cancels {@code future}.
     *
     * @param future the client's future
     * @param <T> the result type
     * @return the adapted future; its failure is the client's exception itself (not an {@link ExecutionException})
     */
    public static <T> CompletableFuture<T> toCompletableFuture(ApiFuture<T> future) {
        CompletableFuture<T> out = new CompletableFuture<>();
        future.addListener(() -> {
            try {
                out.complete(future.get());
            } catch (ExecutionException e) {
                out.completeExceptionally(e.getCause() == null ? e : e.getCause());
            } catch (CancellationException e) {
                out.completeExceptionally(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                out.completeExceptionally(e);
            }
        }, MoreExecutors.directExecutor());
        out.whenComplete((r, e) -> {
            if (e != null && !future.isDone()) {
                future.cancel(true);
            }
        });
        return out;
    }
}
