package io.headroom.opensearch;

import io.headroom.search.SearchException;
import org.jspecify.annotations.Nullable;

/**
 * The OpenSearch index (or alias) a search index works on is not there: it was deleted after the search index
 * was opened, or never created where automatic creation is off. Not retried and not an outage: the fix is to
 * create the index again (open the search index anew, or run a full reindex). The message names the index.
 */
public final class MissingIndexException extends SearchException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which index is missing
     * @param cause OpenSearch's error, may be {@code null}
     */
    public MissingIndexException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
