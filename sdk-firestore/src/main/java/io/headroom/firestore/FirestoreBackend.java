package io.headroom.firestore;

import com.google.api.core.ApiFuture;
import com.google.cloud.firestore.Firestore;
import io.headroom.firestore.internal.ApiFutures;
import io.headroom.firestore.internal.FirestoreErrors;
import io.headroom.internal.Arguments;
import io.headroom.internal.BackendGuard;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The Firestore that Headroom's Firestore primitives talk to: a google-cloud-firestore client (production,
 * or the test kit's emulator), plus the plumbing every primitive shares: each call runs under the primitive's
 * guard (the timeout and circuit breaker of its {@link FirestoreSettings}) and its failures are translated to
 * Headroom's exceptions in one place.
 *
 * <p>Create one backend per client and pass it to every primitive ({@code FirestoreShardedCounter.create(backend,
 * ...)}; the paginator takes its collection's client). The client stays the caller's: Headroom never closes it.
 * Firestore clients are thread-safe and meant to be shared, so one backend per application is the usual set-up.
 * Thread-safe.
 *
 * <p>Failure translation (every call of every Firestore primitive):
 * <ul>
 *   <li>timeout of the guard, open circuit breaker, {@code UNAVAILABLE}, {@code DEADLINE_EXCEEDED},
 *       {@code INTERNAL}, {@code UNKNOWN}, {@code RESOURCE_EXHAUSTED}, {@code CANCELLED}, {@code DATA_LOSS},
 *       {@code UNAUTHENTICATED}, {@code PERMISSION_DENIED}, a closed client: {@link io.headroom.BackendUnavailableException};</li>
 *   <li>{@code ABORTED} (contention): {@link FirestoreContentionException}, a subtype of it;</li>
 *   <li>anything else ({@code INVALID_ARGUMENT}, {@code FAILED_PRECONDITION} such as a missing index,
 *       {@code NOT_FOUND}, {@code ALREADY_EXISTS}...): {@link io.headroom.HeadroomException}. Primitives that
 *       expect one of these (a create that may find the document) handle it inside the call, before the guard
 *       counts it as a failure.</li>
 * </ul>
 * Every message names the operation and the gRPC status.
 */
public final class FirestoreBackend {

    private final Firestore client;

    private FirestoreBackend(Firestore client) {
        this.client = client;
    }

    /**
     * Uses a Firestore client.
     *
     * @param client the client; for tests, {@code FirestoreEmulator.firestore(projectId)} from the test kit
     * @return the backend
     * @throws IllegalArgumentException when {@code client} is {@code null}
     */
    public static FirestoreBackend of(Firestore client) {
        return new FirestoreBackend(Arguments.notNull(client, "client"));
    }

    /**
     * The client.
     *
     * @return the Firestore client
     */
    public Firestore client() {
        return client;
    }

    /**
     * Runs one backend call under {@code guard}, adapting the client's {@link ApiFuture} and translating its
     * failure (see the class). When the guard's timeout fires first, the client's future is cancelled (a read is
     * abandoned; a write already sent may still be applied, as with any timed-out RPC). For Headroom's Firestore
     * primitives (package-private: the guard is an internal type).
     *
     * @param guard the primitive's guard (see {@code FirestoreSettings.newGuard})
     * @param operation what the call does, for messages, e.g. {@code "increment counter likes"}
     * @param call starts the call
     * @param <T> the result type
     * @return a future with the result, or failed with a {@link io.headroom.HeadroomException}
     * @throws IllegalArgumentException when an argument is {@code null}
     */
    <T> CompletableFuture<T> call(BackendGuard guard, String operation, Supplier<? extends ApiFuture<T>> call) {
        Arguments.notNull(guard, "guard");
        Arguments.notNull(operation, "operation");
        Arguments.notNull(call, "call");
        CompletableFuture<T> guarded = guard.call(() -> ApiFutures.toCompletableFuture(call.get()));
        CompletableFuture<T> out = new CompletableFuture<>();
        guarded.whenComplete((r, e) -> {
            if (e == null) {
                out.complete(r);
            } else {
                out.completeExceptionally(FirestoreErrors.translate(e, operation, guard.timeout()));
            }
        });
        return out;
    }

    @Override
    public String toString() {
        return "FirestoreBackend[project=" + client.getOptions().getProjectId() + ", database="
                + client.getOptions().getDatabaseId() + "]";
    }
}
