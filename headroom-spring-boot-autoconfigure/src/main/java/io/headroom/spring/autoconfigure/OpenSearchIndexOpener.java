package io.headroom.spring.autoconfigure;

import io.headroom.opensearch.OpenSearchBackend;
import io.headroom.opensearch.OpenSearchSearchIndex;
import io.headroom.search.DocumentMapper;
import io.headroom.search.SearchConfig;
import io.headroom.search.SearchIndex;
import org.jspecify.annotations.Nullable;

/**
 * OpenSearch for every index whose backend is {@code auto} or {@code opensearch} and that names no Lucene
 * {@code directory}; Lucene (when sdk-search is present) for {@code memory} and directory indexes.
 */
final class OpenSearchIndexOpener implements SearchIndexOpener {

    private final OpenSearchBackend backend;
    private final @Nullable SearchIndexOpener lucene;

    OpenSearchIndexOpener(OpenSearchBackend backend, @Nullable SearchIndexOpener lucene) {
        this.backend = backend;
        this.lucene = lucene;
    }

    private static boolean onLucene(SearchProperties.Index settings) {
        return settings.backend() == Backend.MEMORY
                || settings.backend() == Backend.AUTO && settings.directory() != null;
    }

    @Override
    public @Nullable String refuses(SearchProperties.Index settings) {
        if (onLucene(settings)) {
            return lucene == null ? "a memory or directory index needs Lucene: add sdk-search" : null;
        }
        if (settings.backend() == Backend.OPENSEARCH || settings.backend() == Backend.AUTO) {
            return settings.directory() == null ? null : "an OpenSearch index has no directory";
        }
        return settings.backend() + " does not serve search indexes (auto, memory or opensearch)";
    }

    @Override
    public <T> SearchIndex<T> open(SearchProperties.Index settings, SearchConfig config, DocumentMapper<T> mapper) {
        if (onLucene(settings) && lucene != null) {
            return lucene.open(settings, config, mapper);
        }
        return OpenSearchSearchIndex.open(backend, config, mapper);
    }
}
