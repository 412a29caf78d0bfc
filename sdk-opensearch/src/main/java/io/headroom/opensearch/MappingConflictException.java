package io.headroom.opensearch;

import io.headroom.search.SearchException;
import org.jspecify.annotations.Nullable;

/**
 * The OpenSearch index exists but its mapping does not fit what the search index needs (a field of another type,
 * a value the mapping rejects): thrown when the index is opened, or by a write whose document the mapping refuses.
 * Not retried and not an outage: the fix is a new index (reindex into a new version behind the alias), or a
 * document that fits. The message names the index and the field.
 */
public final class MappingConflictException extends SearchException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what conflicts, with the index name
     * @param cause OpenSearch's error, may be {@code null}
     */
    public MappingConflictException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
