package io.headroom.firestore;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.core.SettableApiFuture;
import com.google.api.gax.grpc.GrpcStatusCode;
import com.google.api.gax.rpc.ApiExceptionFactory;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.grpc.Status;
import io.headroom.BackendUnavailableException;
import io.headroom.HeadroomException;
import io.headroom.firestore.internal.ApiFutures;
import io.headroom.firestore.internal.FirestoreErrors;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** Error translation and the ApiFuture adapter, without a server. */
class FirestoreErrorsTest {

    private static Throwable grpc(Status.Code code) {
        return ApiExceptionFactory.createException("boom", null, GrpcStatusCode.of(code), false);
    }

    private static HeadroomException translate(Throwable t) {
        return FirestoreErrors.translate(t, "op", Duration.ofMillis(250));
    }

    @Test
    void outagesBecomeBackendUnavailable() {
        for (Status.Code c : new Status.Code[] {Status.Code.UNAVAILABLE, Status.Code.DEADLINE_EXCEEDED,
                Status.Code.INTERNAL, Status.Code.UNKNOWN, Status.Code.RESOURCE_EXHAUSTED, Status.Code.CANCELLED,
                Status.Code.PERMISSION_DENIED, Status.Code.UNAUTHENTICATED, Status.Code.DATA_LOSS}) {
            HeadroomException e = translate(new ExecutionException(grpc(c)));
            assertThat(e).isExactlyInstanceOf(BackendUnavailableException.class).hasMessageContaining(c.name())
                    .hasMessageContaining("Firestore op");
        }
        assertThat(translate(new CompletionException(new TimeoutException())))
                .isExactlyInstanceOf(BackendUnavailableException.class).hasMessageContaining("timed out after PT0.25S");
        assertThat(translate(CallNotPermittedException.createCallNotPermittedException(CircuitBreaker.ofDefaults("b"))))
                .isExactlyInstanceOf(BackendUnavailableException.class).hasMessageContaining("circuit breaker is open");
        assertThat(translate(new IllegalStateException("Firestore client has already been closed")))
                .isExactlyInstanceOf(BackendUnavailableException.class).hasMessageContaining("closed");
    }

    @Test
    void abortedIsContentionAndRejectionsAreHeadroomExceptions() {
        assertThat(translate(grpc(Status.Code.ABORTED))).isInstanceOf(FirestoreContentionException.class)
                .isInstanceOf(BackendUnavailableException.class);
        for (Status.Code c : new Status.Code[] {Status.Code.INVALID_ARGUMENT, Status.Code.FAILED_PRECONDITION,
                Status.Code.NOT_FOUND, Status.Code.ALREADY_EXISTS, Status.Code.OUT_OF_RANGE, Status.Code.UNIMPLEMENTED}) {
            assertThat(translate(grpc(c))).isExactlyInstanceOf(HeadroomException.class).hasMessageContaining(c.name());
        }
        HeadroomException already = new HeadroomException("x");
        assertThat(translate(new CompletionException(already))).isSameAs(already);
        assertThat(FirestoreErrors.statusCode(new ExecutionException(grpc(Status.Code.NOT_FOUND)))).contains(Status.Code.NOT_FOUND);
        assertThat(FirestoreErrors.statusCode(new RuntimeException("plain"))).isEmpty();
    }

    @Test
    void apiFutureAdapterPassesResultsAndFailuresAndCancelsOnTimeout() throws Exception {
        SettableApiFuture<String> ok = SettableApiFuture.create();
        CompletableFuture<String> okCf = ApiFutures.toCompletableFuture(ok);
        ok.set("v");
        assertThat(okCf.get()).isEqualTo("v");

        SettableApiFuture<String> bad = SettableApiFuture.create();
        CompletableFuture<String> badCf = ApiFutures.toCompletableFuture(bad);
        Throwable cause = grpc(Status.Code.UNAVAILABLE);
        bad.setException(cause);
        assertThat(badCf).isCompletedExceptionally();
        assertThat(badCf.handle((r, e) -> e).get()).isSameAs(cause);

        SettableApiFuture<String> slow = SettableApiFuture.create();
        CompletableFuture<String> slowCf = ApiFutures.toCompletableFuture(slow).orTimeout(10, TimeUnit.MILLISECONDS);
        assertThat(slowCf.handle((r, e) -> e).get()).isInstanceOf(TimeoutException.class);
        // the cancelling callback runs on the timeout thread, possibly just after the handle stage: wait for it
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!slow.isDone() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertThat(slow.isCancelled()).isTrue();
    }
}
