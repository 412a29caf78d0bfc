package io.headroom.opensearch.internal;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.headroom.BackendUnavailableException;
import io.headroom.HeadroomException;
import io.headroom.internal.Futures;
import io.headroom.opensearch.MappingConflictException;
import io.headroom.opensearch.MissingIndexException;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.opensearch.client.opensearch._types.ErrorCause;
import org.opensearch.client.opensearch._types.OpenSearchException;
import org.opensearch.client.transport.httpclient5.ResponseException;

/** Which OpenSearch failures are worth another attempt, and what each becomes for the caller. Stateless. */
public final class Failures {

    /** HTTP statuses that mean "try again": too many requests, bad gateway, unavailable, gateway timeout. */
    static final Set<Integer> RETRIABLE_STATUS = Set.of(429, 502, 503, 504);

    private Failures() {
    }

    /**
     * Tells whether a failed call may succeed when repeated: a retriable status, a connection refused, reset or
     * closed, or a timeout; never an open breaker or an error in the request.
     *
     * @param failure the failure, possibly wrapped in a completion exception
     * @return {@code true} to retry
     */
    public static boolean retriable(Throwable failure) {
        Throwable t = Futures.unwrap(failure);
        if (t instanceof CallNotPermittedException) {
            return false;
        }
        if (t instanceof RetriableBulkException || t instanceof TimeoutException) {
            return true;
        }
        int status = status(t);
        if (status > 0) {
            return RETRIABLE_STATUS.contains(status);
        }
        // no HTTP status: the connection failed (refused, reset, closed before the answer)
        return t instanceof IOException || t.getCause() instanceof IOException;
    }

    /**
     * Tells whether a failure is the engine's answer to a request it will never accept (HTTP 4xx but 429): the
     * engine is up, so it is neither an outage for the breaker nor worth a retry.
     *
     * @param failure the failure, possibly wrapped
     * @return {@code true} for a refusal
     */
    public static boolean refused(Throwable failure) {
        int status = status(Futures.unwrap(failure));
        return status >= 400 && status < 500 && status != 429;
    }

    /**
     * Tells whether an HTTP status means "try again".
     *
     * @param status the status
     * @return {@code true} for 429, 502, 503 and 504
     */
    public static boolean retriableStatus(int status) {
        return RETRIABLE_STATUS.contains(status);
    }

    /**
     * The failure of a bulk attempt some item of which was refused with a retriable status.
     *
     * @param status the item's status
     * @return a failure {@link #retriable} accepts
     */
    public static RuntimeException retriableBulk(int status) {
        return new RetriableBulkException("a bulk item was refused with HTTP " + status);
    }

    /** The HTTP status of a failure, or 0 when it has none. */
    static int status(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof OpenSearchException e) {
                return e.status();
            }
            if (c instanceof ResponseException e) {
                return e.status();
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return 0;
    }

    /**
     * What a failed call becomes for the caller: a missing index or a mapping conflict as themselves, Headroom's
     * exceptions and errors unchanged, everything else a {@link BackendUnavailableException} naming the index, the
     * operation, the outage policy and the cause.
     *
     * @param where the index, for the message ({@code "search index 'people' (people-v1)"})
     * @param what the operation
     * @param policy the outage policy in force, for the message
     * @param failure the failure, possibly wrapped
     * @return the exception to complete the caller's stage with
     */
    public static Throwable translate(String where, String what, Object policy, Throwable failure) {
        Throwable t = Futures.unwrap(failure);
        if (t instanceof HeadroomException || t instanceof IllegalArgumentException || t instanceof Error) {
            return t;
        }
        if (t instanceof OpenSearchException e) {
            Throwable known = known(where, what, e.error(), e);
            if (known != null) {
                return known;
            }
        }
        String why = t instanceof TimeoutException ? "did not answer in time"
                : t instanceof CallNotPermittedException ? "circuit breaker is open" : "failed: " + t;
        return new BackendUnavailableException(where + ": " + what + " " + why + " (" + policy + ")", t);
    }

    /**
     * The exception of a known OpenSearch error type, or {@code null}.
     *
     * @param where the index, for the message
     * @param what the operation
     * @param error OpenSearch's error
     * @param cause the failure to attach
     * @return a missing-index or mapping-conflict exception, or {@code null} for other errors
     */
    static @Nullable HeadroomException known(String where, String what, @Nullable ErrorCause error,
                                             @Nullable Throwable cause) {
        if (error == null) {
            return null;
        }
        String type = error.type();
        String reason = error.reason() == null ? type : error.reason();
        if ("search_context_missing_exception".equals(type)) {
            return new io.headroom.search.InvalidSearchCursorException(where + ": cursor expired (its point in time "
                    + "is gone); restart from the first page", cause);
        }
        if ("index_not_found_exception".equals(type)) {
            return new MissingIndexException(where + ": " + what + " failed, the index is missing (" + reason
                    + "); open the search index again to create it, or reindex", cause);
        }
        if ("mapper_parsing_exception".equals(type) || "strict_dynamic_mapping_exception".equals(type)
                || "document_parsing_exception".equals(type)
                || ("illegal_argument_exception".equals(type) && reason.contains("mapper"))) {
            ErrorCause root = error.causedBy();
            String detail = root == null || root.reason() == null ? "" : ": " + root.reason();
            return new MappingConflictException(where + ": " + what + " conflicts with the index mapping ("
                    + reason + detail + ")", cause);
        }
        return null;
    }
}
