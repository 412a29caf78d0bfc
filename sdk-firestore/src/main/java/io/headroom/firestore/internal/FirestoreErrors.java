package io.headroom.firestore.internal;

import com.google.api.gax.rpc.ApiException;
import com.google.cloud.firestore.FirestoreException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.headroom.BackendUnavailableException;
import io.headroom.HeadroomException;
import io.headroom.firestore.FirestoreContentionException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import io.headroom.internal.Futures;

/** Translates the Firestore client's failures into Headroom's exceptions; see {@code FirestoreBackend}. */
public final class FirestoreErrors {

    private FirestoreErrors() {
    }

    /**
     * The gRPC status code carried by a failure of the Firestore client, if any.
     *
     * @param e a failure (possibly wrapped in {@link ExecutionException} / {@link CompletionException})
     * @return the code, or empty when the failure carries none
     */
    public static Optional<Status.Code> statusCode(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ApiException api) {
                return Optional.of(Status.Code.valueOf(api.getStatusCode().getCode().name()));
            }
            if (t instanceof FirestoreException fe && fe.getStatus() != null) {
                return Optional.of(fe.getStatus().getCode());
            }
            if (t instanceof StatusRuntimeException sre) {
                return Optional.of(sre.getStatus().getCode());
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return Optional.empty();
    }

    /**
     * Translates a failure.
     *
     * @param e the failure
     * @param operation what was attempted, for the message
     * @param timeout the call timeout, for the message of a timeout
     * @return the Headroom exception to report
     */
    public static HeadroomException translate(Throwable e, String operation, @Nullable Duration timeout) {
        Throwable t = Futures.unwrap(e);
        if (t instanceof HeadroomException he) {
            return he;
        }
        if (t instanceof TimeoutException) {
            return new BackendUnavailableException("Firestore " + operation + " timed out"
                    + (timeout == null ? "" : " after " + timeout), t);
        }
        if (t instanceof CallNotPermittedException) {
            return new BackendUnavailableException("Firestore " + operation
                    + " not attempted: the circuit breaker is open after repeated failures", t);
        }
        Optional<Status.Code> code = statusCode(t);
        if (code.isEmpty()) {
            if (t instanceof CancellationException) {
                return new BackendUnavailableException("Firestore " + operation + " was cancelled", t);
            }
            // a closed client (IllegalStateException), an interrupted thread...: the backend cannot serve
            return new BackendUnavailableException("Firestore " + operation + " failed: " + t, t);
        }
        String what = "Firestore " + operation + " failed with " + code.get() + ": " + message(t);
        switch (code.get()) {
            case ABORTED:
                return new FirestoreContentionException(what, t);
            case UNAVAILABLE:
            case DEADLINE_EXCEEDED:
            case INTERNAL:
            case UNKNOWN:
            case RESOURCE_EXHAUSTED:
            case CANCELLED:
            case DATA_LOSS:
            case UNAUTHENTICATED:
            case PERMISSION_DENIED:
                return new BackendUnavailableException(what, t);
            default:
                return new HeadroomException(what, t);
        }
    }

    private static String message(Throwable t) {
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m;
    }
}
