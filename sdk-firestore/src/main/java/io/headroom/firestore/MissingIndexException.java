package io.headroom.firestore;

import io.headroom.HeadroomException;

/**
 * Firestore refused a paged query because it needs a composite index that does not exist. The message and
 * {@link #index()} name the exact index (collection, fields, directions), ready for {@code firestore.indexes.json}.
 */
public class MissingIndexException extends HeadroomException {

    private static final long serialVersionUID = 1L;

    private final transient FirestoreIndex index;

    /**
     * Creates the exception.
     *
     * @param paginator the paginator's name
     * @param index the index the query needs
     * @param cause Firestore's error
     */
    public MissingIndexException(String paginator, FirestoreIndex index, Throwable cause) {
        super("the query of paginator '" + paginator + "' needs the composite index " + index
                + "; add to firestore.indexes.json: " + index.toJson(), cause);
        this.index = index;
    }

    /**
     * The index to create.
     *
     * @return the index
     */
    public FirestoreIndex index() {
        return index;
    }
}
