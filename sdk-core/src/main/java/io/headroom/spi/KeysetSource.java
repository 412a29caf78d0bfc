package io.headroom.spi;

import io.headroom.page.FieldExtractor;
import io.headroom.page.PaginatorConfig;
import io.headroom.page.Sort;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * The one operation a backend implements to be paged by
 * {@link io.headroom.page.Paginator#keyset(PaginatorConfig, KeysetSource)}: a keyset range read. The paginator
 * does everything else (validation, cursors, page size + 1, page assembly), so every backend pages the same way.
 * The Redis and Firestore paginators are built on it; a third party adds a backend by implementing it.
 *
 * <p>Implementations must be thread-safe: the paginator calls them concurrently.
 *
 * @param <T> the item type
 */
public interface KeysetSource<T> {

    /**
     * Reads the items of a {@link KeysetQuery}.
     *
     * @param query what to read
     * @return a stage completing with the items in display order (sort order; for a backward query the item
     *     nearest the position is last); failing with
     *     {@link io.headroom.BackendUnavailableException} on an outage
     */
    CompletionStage<List<T>> fetch(KeysetQuery query);

    /**
     * How items are read.
     *
     * @return the field extractor
     */
    FieldExtractor<T> fields();

    /**
     * Rejects queries the backend cannot serve (for example more than one sort key on Redis), before any I/O.
     * The default accepts everything.
     *
     * @param sort the sort
     * @param filters the filters
     * @throws IllegalArgumentException naming the argument and the rule
     */
    default void check(Sort sort, Map<String, @Nullable Object> filters) {
    }
}
