package io.headroom.page;

import io.headroom.internal.Arguments;
import io.headroom.internal.Futures;
import io.headroom.spi.KeysetQuery;
import io.headroom.spi.KeysetSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * The paging algorithm shared by every backend: validates the request, decodes the cursor, asks the source for
 * size + 1 items next to the position, and issues the neighbouring cursors. Thread-safe.
 */
final class KeysetPaginator<T> implements Paginator<T> {

    private final KeysetSource<T> source;
    private final PaginatorConfig config;
    private final CursorCodec codec;
    private final FieldExtractor<T> fields;

    KeysetPaginator(PaginatorConfig config, KeysetSource<T> source) {
        this.config = Arguments.notNull(config, "config");
        this.source = Arguments.notNull(source, "source");
        this.codec = CursorCodec.of(config);
        this.fields = source.fields();
    }

    @Override
    public Page<T> page(PageRequest request) {
        return Futures.join(pageAsync(request));
    }

    @Override
    public CompletionStage<Page<T>> pageAsync(PageRequest request) {
        Arguments.notNull(request, "request");
        int size = request.size().orElse(config.defaultPageSize());
        if (size > config.maxPageSize()) {
            throw new IllegalArgumentException("size must be at most " + config.maxPageSize()
                    + " (maxPageSize of paginator '" + config.name() + "'), was " + size);
        }
        Sort sort = request.sort();
        for (SortKey k : sort.keys()) {
            fields.check(k.field(), "sort field");
        }
        fields.check(sort.tieBreaker(), "tie-breaker");
        Map<String, @Nullable Object> filters = request.filters();
        for (String f : filters.keySet()) {
            fields.check(f, "filter field");
        }
        source.check(sort, filters);
        byte[] hash = codec.queryHash(sort, filters);
        String cursor = request.cursor();
        CursorPosition position = null;
        PageDirection direction = request.direction();
        if (cursor != null) {
            position = codec.decode(cursor, hash);
            if (position.values().size() != sort.keys().size() + 1) {
                throw new InvalidCursorException("cursor for paginator '" + config.name() + "' is malformed");
            }
            direction = position.direction();
        }
        boolean fromCursor = position != null;
        CursorPosition at = position;
        PageDirection dir = direction;
        return source.fetch(new KeysetQuery(sort, filters, position, direction, size + 1))
                .thenApply(items -> assemble(items, size, dir, fromCursor, at, sort, hash));
    }

    private Page<T> assemble(List<T> fetched, int size, PageDirection direction, boolean fromCursor,
                             @Nullable CursorPosition at, Sort sort, byte[] hash) {
        boolean more = fetched.size() > size;
        List<T> items;
        if (!more) {
            items = fetched;
        } else if (direction == PageDirection.FORWARD) {
            items = fetched.subList(0, size);
        } else {
            items = fetched.subList(fetched.size() - size, fetched.size());
        }
        boolean hasNext = direction == PageDirection.FORWARD ? more : fromCursor;
        boolean hasPrevious = direction == PageDirection.BACKWARD ? more : fromCursor;
        String next = null;
        String previous = null;
        if (items.isEmpty()) {
            // nothing left on this side of the cursor: the other side starts at the cursor's item itself
            if (at != null) {
                CursorPosition flipped = new CursorPosition(at.values(),
                        direction == PageDirection.FORWARD ? PageDirection.BACKWARD : PageDirection.FORWARD,
                        !at.inclusive());
                if (direction == PageDirection.FORWARD) {
                    previous = codec.encode(flipped, hash);
                } else {
                    next = codec.encode(flipped, hash);
                }
            }
            return new Page<>(List.of(), next, previous, next != null, previous != null);
        }
        if (hasNext) {
            next = codec.encode(position(items.get(items.size() - 1), sort, PageDirection.FORWARD), hash);
        }
        if (hasPrevious) {
            previous = codec.encode(position(items.get(0), sort, PageDirection.BACKWARD), hash);
        }
        return new Page<>(items, next, previous, hasNext, hasPrevious);
    }

    private CursorPosition position(T item, Sort sort, PageDirection direction) {
        List<@Nullable Object> values = new ArrayList<>(sort.keys().size() + 1);
        for (SortKey k : sort.keys()) {
            values.add(fields.value(item, k.field()));
        }
        values.add(fields.value(item, sort.tieBreaker()));
        return new CursorPosition(values, direction, false);
    }

    @Override
    public PaginatorConfig config() {
        return config;
    }

    @Override
    public String toString() {
        return "Paginator[" + config.name() + ", " + source + "]";
    }
}
