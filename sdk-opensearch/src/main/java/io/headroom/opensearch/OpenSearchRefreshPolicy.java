package io.headroom.opensearch;

/**
 * When OpenSearch makes a write visible to searches, sent as the {@code refresh} parameter of every bulk request.
 * Whatever the policy, {@link io.headroom.search.SearchIndex#refresh()} makes every earlier write visible.
 */
public enum OpenSearchRefreshPolicy {

    /**
     * The default: writes become visible at the index's periodic refresh (1 s unless the index says otherwise) or at
     * the next {@link io.headroom.search.SearchIndex#refresh()}; the cheapest for bulk loads.
     */
    NONE,

    /** Each bulk request returns only once its writes are visible ({@code refresh=wait_for}); no extra refreshes. */
    WAIT_FOR,

    /** Each bulk request refreshes the index at once ({@code refresh=true}); costly, for tests and tiny indexes. */
    IMMEDIATE
}
