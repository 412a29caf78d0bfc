/**
 * Headroom's embedded search backend on Lucene. Exports {@code io.headroom.search.lucene}.
 */
module io.headroom.search.lucene {
    requires transitive io.headroom.core;
    requires org.apache.lucene.core;
    requires org.apache.lucene.analysis.common;
    requires com.github.benmanes.caffeine;

    exports io.headroom.search.lucene;
}
