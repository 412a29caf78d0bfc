package io.headroom.firestore;

import io.headroom.BackendUnavailableException;
import org.jspecify.annotations.Nullable;

/**
 * Firestore refused a write or transaction with {@code ABORTED}: too many concurrent writes to the same
 * documents ("Too much contention on these documents"), or a transaction lost to a concurrent one more often
 * than the client retries. The backend is up; the documents are hot. Retrying later, spreading writes over more
 * documents (more shards) or batching them helps. A {@link BackendUnavailableException}, so code that handles
 * outages generically also handles it.
 */
public class FirestoreContentionException extends BackendUnavailableException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which primitive, which operation, which documents
     * @param cause the client's exception, may be {@code null}
     */
    public FirestoreContentionException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
