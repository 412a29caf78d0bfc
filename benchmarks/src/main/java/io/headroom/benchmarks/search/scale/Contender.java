package io.headroom.benchmarks.search.scale;

import io.headroom.search.SearchDocument;
import io.headroom.search.SearchQuery;
import java.util.List;

/**
 * One column of the scale benchmark: something that loads the profiles and answers the four query types. A search
 * backend is an {@link IndexContender} over any {@link io.headroom.search.SearchIndex} (Lucene here; OpenSearch is
 * one more {@code IndexContender}); {@link LinearScan} is the peer without a search engine.
 */
interface Contender extends AutoCloseable {

    /** The column name. */
    String name();

    /** Loads the documents (timed by the caller) and makes them searchable. */
    void load(Iterable<SearchDocument> documents) throws Exception;

    /** Runs one query and returns the ids of its first page. */
    List<String> search(SearchQuery query);

    /** The index size in bytes, or -1 when not known. */
    long sizeBytes();

    @Override
    void close();
}
