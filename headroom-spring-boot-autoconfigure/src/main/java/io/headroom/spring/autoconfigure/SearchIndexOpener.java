package io.headroom.spring.autoconfigure;

import io.headroom.search.DocumentMapper;
import io.headroom.search.SearchConfig;
import io.headroom.search.SearchIndex;
import org.jspecify.annotations.Nullable;

/** Opens one configured search index on the backend its settings ask for. */
interface SearchIndexOpener {

    /** Why these settings cannot be served here, or {@code null} when they can (checked at startup). */
    @Nullable String refuses(SearchProperties.Index settings);

    /** Opens the index; the caller closes it. */
    <T> SearchIndex<T> open(SearchProperties.Index settings, SearchConfig config, DocumentMapper<T> mapper);
}
