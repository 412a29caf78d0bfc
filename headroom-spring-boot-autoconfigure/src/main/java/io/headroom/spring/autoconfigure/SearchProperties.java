package io.headroom.spring.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The named search indexes (headroom.search.indexes.NAME.*). The application opens each with its
 * document mapper through the HeadroomSearchIndexes bean; Headroom closes them on shutdown.
 *
 * @param indexes the index settings by name (names are lower case: [a-z0-9][a-z0-9_.-]*)
 */
public record SearchProperties(@DefaultValue Map<String, Index> indexes) {

    /**
     * One index, on Lucene, or on OpenSearch when headroom.opensearch.hosts is set and sdk-opensearch is present.
     *
     * @param directory the Lucene index directory; unset: in memory (lost on restart), or OpenSearch when configured
     * @param defaultPageSize hits per page when a query names none; unset: the SDK's default (20)
     * @param maxPageSize the largest page a query may ask for; unset: the SDK's default
     * @param cursorTtl how long a search cursor stays valid; unset: the SDK's default
     * @param backend AUTO (OpenSearch when configured and no directory is set, else Lucene), MEMORY
     *     (Lucene in memory or on the directory) or OPENSEARCH
     */
    public record Index(
            @Nullable Path directory,
            @Nullable Integer defaultPageSize,
            @Nullable Integer maxPageSize,
            @Nullable Duration cursorTtl,
            @DefaultValue("auto") Backend backend) {
    }
}
