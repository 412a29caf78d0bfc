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

/**
 * The one place the Firestore client's failures (gRPC status codes, timeouts, an open breaker) are mapped to
 * Headroom's exceptions and questions about them are answered (which status, is it a missing index); see
 * {@code FirestoreBackend} for the mapping. Stateless and thread-safe.
 */
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
            Optional<Status.Code> code = ownCode(t);
            if (code.isPresent()) {
                return code;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return Optional.empty();
    }

    /** The status code {@code t} itself carries (not its causes). */
    private static Optional<Status.Code> ownCode(Throwable t) {
        if (t instanceof ApiException api) {
            return Optional.of(Status.Code.valueOf(api.getStatusCode().getCode().name()));
        }
        if (t instanceof FirestoreException fe && fe.getStatus() != null) {
            return Optional.of(fe.getStatus().getCode());
        }
        if (t instanceof StatusRuntimeException sre) {
            return Optional.of(sre.getStatus().getCode());
        }
        return Optional.empty();
    }

    /**
     * Whether a failure is Firestore's refusal of a query for a missing composite index: {@code FAILED_PRECONDITION}
     * with a message that mentions an index.
     *
     * @param e a failure (possibly wrapped)
     * @return {@code true} for a missing index
     */
    public static boolean isMissingIndex(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (ownCode(t).orElse(null) == Status.Code.FAILED_PRECONDITION) {
                return String.valueOf(t.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("index");
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
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
