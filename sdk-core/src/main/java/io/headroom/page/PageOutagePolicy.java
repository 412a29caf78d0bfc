package io.headroom.page;

/**
 * What a remote {@link Paginator} (Redis, Firestore) does when its backend cannot answer: a call fails, times out
 * (the backend's configured timeout) or is refused by the open circuit breaker. Chosen with
 * {@link PaginatorConfig.Builder#outagePolicy(PageOutagePolicy)}; ignored by the in-memory paginator, which has no
 * backend.
 *
 * <p>There is one policy today: a page has no sensible stand-in (an empty page would tell the caller the
 * collection ended; a stale one would break the no-skip, no-repeat guarantee of cursors), so an outage is always
 * reported. The enum exists so a reader finds what happens, and so a later policy (for example serving from a
 * replica) is a configuration change, not an API change.
 */
public enum PageOutagePolicy {

    /**
     * Fail the page at once: {@link Paginator#pageAsync} completes exceptionally and {@link Paginator#page}
     * throws {@link io.headroom.BackendUnavailableException} (naming the paginator and the backend), after at most
     * the backend's timeout, immediately while the circuit breaker is open. No page is made up, and the caller's
     * cursor stays valid, so the same request can be retried once the backend is back (recovery is automatic
     * when the breaker's probe calls succeed). The default, and today the only policy.
     *
     * <p>Failures that are not outages are not covered by this policy: a Firestore query refused for a missing
     * composite index fails with {@code io.headroom.firestore.MissingIndexException} and is not counted by the
     * breaker; a non-transient Firestore status fails with {@link io.headroom.HeadroomException}.
     */
    FAIL_FAST
}
