package io.headroom.opensearch;

import io.headroom.search.DocumentMapper;
import io.headroom.search.SearchConfig;
import io.headroom.search.SearchDocument;
import io.headroom.search.SearchIndex;
import io.headroom.testkit.contract.SearchIndexContract;

/** Runs the search conformance suite, unchanged, against OpenSearch on a real node in the test JVM. */
class OpenSearchSearchIndexContractIT extends SearchIndexContract {

    private static final TestIndexes INDEXES = new TestIndexes("contract", b -> b);

    @Override
    protected SearchIndex<SearchDocument> newIndex(SearchConfig config) {
        return INDEXES.open(config, DocumentMapper.identity());
    }
}
