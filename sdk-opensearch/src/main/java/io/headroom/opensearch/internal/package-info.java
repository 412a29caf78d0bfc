/**
 * The OpenSearch backend's implementation (not API): guarded, retried calls, failure translation, the ordered
 * write queue, index mappings and query translation.
 */
@NullMarked
package io.headroom.opensearch.internal;

import org.jspecify.annotations.NullMarked;
