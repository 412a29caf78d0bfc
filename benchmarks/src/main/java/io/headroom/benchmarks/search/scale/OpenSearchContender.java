package io.headroom.benchmarks.search.scale;

import io.headroom.opensearch.OpenSearchBackend;
import io.headroom.opensearch.OpenSearchSearchIndex;
import io.headroom.opensearch.OpenSearchSettings;
import io.headroom.search.DocumentMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

/**
 * The OpenSearch column: an {@link IndexContender} over {@link OpenSearchSearchIndex} on a node given by the system
 * property {@code headroom.opensearch.url} (or the environment variable {@code HEADROOM_OPENSEARCH_URL}). The node
 * runs in its own JVM (this class path has Lettuce's Netty 4.2, the node needs 4.1):
 *
 * <pre>
 * mvn -pl sdk-opensearch -am -o -q test-compile exec:java      # prints OPENSEARCH_URL=http://127.0.0.1:PORT
 * </pre>
 *
 * The index gets one shard and no replica (the relevance statistics Lucene has, and a single node); its versions
 * are deleted when the contender closes. Its heap column is this JVM's (the client's), not the node's.
 */
final class OpenSearchContender {

    private OpenSearchContender() {
    }

    static Contender create() {
        String url = System.getProperty("headroom.opensearch.url", System.getenv("HEADROOM_OPENSEARCH_URL"));
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("the opensearch contender needs -Dheadroom.opensearch.url=http://host:port "
                    + "(start a node with: mvn -pl sdk-opensearch -am -o -q test-compile exec:java)");
        }
        OpenSearchBackend backend = OpenSearchBackend.connect(OpenSearchSettings.builder().hosts(url)
                .indexPrefix("bench-" + System.currentTimeMillis() + "-").numberOfShards(1).numberOfReplicas(0)
                .callTimeout(Duration.ofSeconds(30)).maxAttempts(5).build());
        String pattern = backend.settings().indexPrefix() + "*";
        return new IndexContender("OpenSearch (1 node)",
                config -> OpenSearchSearchIndex.open(backend, config, DocumentMapper.identity()),
                () -> size(backend, pattern), () -> {
                    try {
                        backend.client().indices().delete(d -> d.index(pattern));
                    } catch (IOException | RuntimeException e) {
                        // best effort: a benchmark index left behind is harmless
                    } finally {
                        backend.close();
                    }
                });
    }

    private static long size(OpenSearchBackend backend, String pattern) {
        try {
            var stats = backend.client().indices().stats(s -> s.index(pattern));
            var store = stats.all().primaries().store();
            return store == null ? -1 : store.sizeInBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
