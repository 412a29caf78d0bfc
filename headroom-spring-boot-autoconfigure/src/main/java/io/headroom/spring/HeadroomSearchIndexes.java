package io.headroom.spring;

import io.headroom.search.DocumentMapper;
import io.headroom.search.SearchIndex;
import java.util.Set;

/**
 * Opens the search indexes configured under {@code headroom.search.indexes.<name>} (a Lucene directory, or in
 * memory), binding their metrics and closing them at shutdown. A search index needs the application's document
 * mapper, so it is opened by the application rather than from properties alone:
 *
 * <pre>{@code
 * @Bean SearchIndex<Place> places(HeadroomSearchIndexes indexes) {
 *     return indexes.open("places", new PlaceMapper());
 * }
 * }</pre>
 *
 * Thread-safe.
 */
public interface HeadroomSearchIndexes {

    /**
     * Opens the index of this name; the same name opened twice returns the index opened first.
     *
     * @param name the name under {@code headroom.search.indexes}
     * @param mapper maps values to documents
     * @param <T> the value type
     * @return the index; Headroom closes it at shutdown
     * @throws IllegalArgumentException when the name is not configured (the message lists the known names) or the
     *     index was opened with another mapper
     */
    <T> SearchIndex<T> open(String name, DocumentMapper<T> mapper);

    /**
     * The configured index names.
     *
     * @return an unmodifiable set, in configuration order
     */
    Set<String> names();
}
