package io.headroom.spring.autoconfigure;

import io.headroom.search.DocumentMapper;
import io.headroom.search.SearchConfig;
import io.headroom.search.SearchIndex;
import io.headroom.search.lucene.LuceneSearchIndex;
import org.jspecify.annotations.Nullable;

/** Lucene: on the index's directory, or in memory. Serves no OpenSearch index. */
final class LuceneSearchIndexOpener implements SearchIndexOpener {

    @Override
    public @Nullable String refuses(SearchProperties.Index settings) {
        return settings.backend() == Backend.AUTO || settings.backend() == Backend.MEMORY ? null
                : settings.backend() + " does not serve search indexes here: Lucene serves them (memory or a "
                        + "directory); for OpenSearch add sdk-opensearch and set headroom.opensearch.hosts";
    }

    @Override
    public <T> SearchIndex<T> open(SearchProperties.Index settings, SearchConfig config, DocumentMapper<T> mapper) {
        return settings.directory() == null ? LuceneSearchIndex.inMemory(config, mapper)
                : LuceneSearchIndex.onDisk(settings.directory(), config, mapper);
    }
}
