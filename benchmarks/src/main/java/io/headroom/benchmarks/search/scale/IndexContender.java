package io.headroom.benchmarks.search.scale;

import io.headroom.search.IndexerConfig;
import io.headroom.search.SearchConfig;
import io.headroom.search.SearchDocument;
import io.headroom.search.SearchHit;
import io.headroom.search.SearchIndex;
import io.headroom.search.SearchIndexer;
import io.headroom.search.SearchQuery;
import java.util.List;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * A {@link Contender} over any {@link SearchIndex}: bulk loading through {@link SearchIndexer#reindex} (the
 * supported 1M path: a new version, bulk requests with bounded in-flight, an alias switch), then searches.
 */
final class IndexContender implements Contender {

    private final String name;
    private final SearchIndex<SearchDocument> index;
    private final LongSupplier size;
    private final Runnable cleanup;

    /**
     * @param name the column name
     * @param factory opens the index for a configuration
     * @param size the index size in bytes after loading, -1 when unknown
     * @param cleanup run after the index is closed (delete its files, its remote index)
     */
    IndexContender(String name, Function<SearchConfig, SearchIndex<SearchDocument>> factory, LongSupplier size,
                   Runnable cleanup) {
        this.name = name;
        this.index = factory.apply(SearchConfig.named("profiles").schema(Profiles.SCHEMA).build());
        this.size = size;
        this.cleanup = cleanup;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void load(Iterable<SearchDocument> documents) {
        try (SearchIndexer<SearchDocument> indexer = SearchIndexer.create(index, IndexerConfig.ofDefaults()
                .withBatchSize(1_000), p -> { })) {
            indexer.reindex(documents);
        }
        index.refresh();
    }

    @Override
    public List<String> search(SearchQuery query) {
        return index.search(query).hits().stream().map(SearchHit::id).toList();
    }

    @Override
    public long sizeBytes() {
        return size.getAsLong();
    }

    @Override
    public void close() {
        try {
            index.close();
        } finally {
            cleanup.run();
        }
    }
}
