package io.headroom.search;

/**
 * What a {@link SearchIndex} does when its backend cannot serve a call: a remote engine (OpenSearch) that does not
 * answer within the call's timeout, fails, or has its circuit breaker open; or, for the embedded Lucene index, local
 * storage that fails or a call that does not complete within its timeout. Chosen with
 * {@link SearchConfig.Builder#outagePolicy(SearchOutagePolicy)}; the default is {@link #FAIL_FAST}.
 */
public enum SearchOutagePolicy {

    /**
     * The default (and today the only policy): the call fails with {@link io.headroom.BackendUnavailableException}
     * (thrown by the blocking form, completing the stage of the asynchronous form), naming the index, the operation
     * and the cause. No stale or partial page is served and no write is buffered for later: a write that failed or
     * timed out may or may not have been applied, and is safe to repeat (upserts and deletes are idempotent). Bad
     * input, rejected cursors and calls after close are never outages: they throw
     * {@link IllegalArgumentException}, {@link InvalidSearchCursorException} and {@link io.headroom.ClosedException}.
     */
    FAIL_FAST
}
