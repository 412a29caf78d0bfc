/**
 * Headroom's OpenSearch backend of search: {@link io.headroom.opensearch.OpenSearchBackend} (the cluster, over
 * opensearch-java's Apache HttpClient 5 transport), {@link io.headroom.opensearch.OpenSearchSettings},
 * {@link io.headroom.opensearch.OpenSearchSearchIndex} (a {@link io.headroom.search.SearchIndex} shared by every
 * instance of a service) and the failures particular to it.
 */
@NullMarked
package io.headroom.opensearch;

import org.jspecify.annotations.NullMarked;
