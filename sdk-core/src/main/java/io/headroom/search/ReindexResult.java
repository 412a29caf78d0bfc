package io.headroom.search;

/**
 * The outcome of {@link SearchIndexer#reindex}. Immutable.
 *
 * @param previousVersion the version searches read before the switch (now dropped)
 * @param version the version searches read now
 * @param documents how many documents the source gave
 * @param replayed how many operations submitted during the reindex were replayed into the new version
 */
public record ReindexResult(String previousVersion, String version, long documents, long replayed) {
}
