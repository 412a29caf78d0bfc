package io.headroom.search;

/**
 * Maps an application type to the {@link SearchDocument} a backend indexes (the typed schema of an index).
 * Implementations must be thread-safe and side-effect free.
 *
 * @param <T> the application type
 */
@FunctionalInterface
public interface DocumentMapper<T> {

    /**
     * Maps a value to its document.
     *
     * @param value the value, non-null
     * @return its document, non-null
     */
    SearchDocument toDocument(T value);

    /**
     * Returns the mapper for indexes whose values already are {@link SearchDocument}s.
     *
     * @return the identity mapper
     */
    static DocumentMapper<SearchDocument> identity() {
        return d -> d;
    }
}
