package io.headroom.spi;

import io.headroom.internal.Arguments;
import io.headroom.search.SearchDocument;
import org.jspecify.annotations.Nullable;

/**
 * One write of a bulk request to a {@link VersionedSearchBackend}: an upsert of a validated document or a delete of
 * an id. Both are idempotent, so a batch may be sent again after a failure. Immutable.
 *
 * @param id the document id
 * @param document the document to index, or {@code null} for a delete
 */
public record BulkOperation(String id, @Nullable SearchDocument document) {

    /**
     * Validates.
     *
     * @param id the document id
     * @param document the document or {@code null}
     * @throws IllegalArgumentException when the id is empty or differs from the document's
     */
    public BulkOperation {
        Arguments.key(id, "id");
        if (document != null && !document.id().equals(id)) {
            throw new IllegalArgumentException("id '" + id + "' differs from the document's '" + document.id() + "'");
        }
    }

    /**
     * An upsert.
     *
     * @param document the document, already validated against the schema
     * @return the operation
     */
    public static BulkOperation upsert(SearchDocument document) {
        return new BulkOperation(Arguments.notNull(document, "document").id(), document);
    }

    /**
     * A delete.
     *
     * @param id the id
     * @return the operation
     */
    public static BulkOperation delete(String id) {
        return new BulkOperation(id, null);
    }

    /**
     * Whether this is a delete.
     *
     * @return true for a delete
     */
    public boolean isDelete() {
        return document == null;
    }
}
