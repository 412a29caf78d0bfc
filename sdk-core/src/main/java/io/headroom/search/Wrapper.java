package io.headroom.search;

/** An index view over another (the metrics binder's), so that the indexer reaches the backend underneath. */
interface Wrapper<T> {

    /** The wrapped index. */
    SearchIndex<T> unwrap();
}
