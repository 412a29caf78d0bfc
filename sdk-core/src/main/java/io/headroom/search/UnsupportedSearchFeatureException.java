package io.headroom.search;

import java.util.Set;

/**
 * A query needs a feature its index's backend does not support; thrown before any I/O by
 * {@link SearchIndex#validate(SearchQuery)} and every search. Not retriable: change the query or the backend.
 */
public final class UnsupportedSearchFeatureException extends SearchException {

    private static final long serialVersionUID = 1L;

    /** The missing features (a copy; kept transient-free: enum sets serialise). */
    private final Set<SearchFeature> missing;

    /**
     * Creates the exception.
     *
     * @param indexName the index
     * @param backend the backend's name, e.g. {@code "lucene"}
     * @param missing the features the query needs and the backend lacks
     */
    public UnsupportedSearchFeatureException(String indexName, String backend, Set<SearchFeature> missing) {
        super("search index '" + indexName + "' (" + backend + ") does not support " + missing, null);
        this.missing = Set.copyOf(missing);
    }

    /**
     * The features the query needs and the backend lacks.
     *
     * @return unmodifiable set
     */
    public Set<SearchFeature> missing() {
        return missing;
    }
}
