package io.headroom.search.lucene;

import io.headroom.search.DocumentMapper;
import io.headroom.search.SearchConfig;
import io.headroom.search.SearchDocument;
import io.headroom.search.SearchIndex;
import io.headroom.testkit.contract.SearchIndexContract;

/** Runs the search contract against the embedded Lucene index. */
class LuceneSearchIndexContractTest extends SearchIndexContract {

    @Override
    protected SearchIndex<SearchDocument> newIndex(SearchConfig config) {
        return LuceneSearchIndex.inMemory(config, DocumentMapper.identity());
    }
}
