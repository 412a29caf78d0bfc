/** Embedded Lucene backend of {@link io.headroom.search.SearchIndex}. */
@NullMarked
package io.headroom.search.lucene;

import org.jspecify.annotations.NullMarked;
