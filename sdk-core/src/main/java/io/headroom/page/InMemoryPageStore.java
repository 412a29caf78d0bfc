package io.headroom.page;

import io.headroom.internal.Arguments;
import io.headroom.page.internal.SortValues;
import io.headroom.spi.KeysetQuery;
import io.headroom.spi.KeysetSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.jspecify.annotations.Nullable;

/**
 * The items the embedded paginator pages: a store the caller fills ({@link #put}, {@link #remove}) and pages
 * with {@link Paginator#inMemory(PaginatorConfig, InMemoryPageStore)}, as many paginators over one store as
 * needed (for example one per cursor key set or page size limit; writes are seen by all of them).
 *
 * <p>Items are kept by id, with one sorted index per {@link Sort} in use (a {@link ConcurrentSkipListMap} keyed
 * by the sort values and the tie-breaker, built on first use), so a page costs O(log n + page size) at any depth.
 *
 * <p>Reads are lock-free and see a weakly consistent view: an item written while a page is read may or may not be
 * on it, but an item untouched by writes is never missed or repeated. Writes are serialised. An update that moves
 * an item in a sort order inserts it at its new key before removing the old one, so a concurrent reader may see
 * it twice (at both keys) within one page walk but never at neither. Filters are checked item by item while
 * scanning the index, so a very selective filter scans many items; keep one store per partition (e.g. one per
 * user) when that matters. The tie-breaker must be unique among items (the id, the default, always is). At most
 * {@value #MAX_INDEXES} distinct sorts are indexed. Holds no threads or connections (nothing to close).
 * Thread-safe.
 *
 * <pre>{@code
 * InMemoryPageStore<Chat> chats = InMemoryPageStore.create(FieldExtractor.builder(Chat.class, Chat::id)
 *         .field("lastMessageAt", Chat::lastMessageAt).build());
 * chats.put(chat);
 * Paginator<Chat> paginator = Paginator.inMemory(PaginatorConfig.ofDefaults(), chats);
 * }</pre>
 *
 * @param <T> the item type
 */
public final class InMemoryPageStore<T> {

    /** The most distinct sorts one store indexes. */
    public static final int MAX_INDEXES = 32;

    private final FieldExtractor<T> fields;
    private final ConcurrentHashMap<String, T> items = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Sort, NavigableMap<List<@Nullable Object>, T>> indexes = new ConcurrentHashMap<>();
    private final Object writeLock = new Object();
    private final KeysetSource<T> source = new Source();

    private InMemoryPageStore(FieldExtractor<T> fields) {
        this.fields = fields;
    }

    /**
     * Creates an empty store.
     *
     * @param fields how items are read (id, sort and filter fields)
     * @param <T> the item type
     * @return the store
     * @throws IllegalArgumentException when {@code fields} is {@code null}
     */
    public static <T> InMemoryPageStore<T> create(FieldExtractor<T> fields) {
        return new InMemoryPageStore<>(Arguments.notNull(fields, "fields"));
    }

    /**
     * How items are read.
     *
     * @return the field extractor
     */
    public FieldExtractor<T> fields() {
        return fields;
    }

    /**
     * Inserts an item, or replaces the item with the same id.
     *
     * @param item the item
     * @return the item it replaced, if any
     * @throws IllegalArgumentException when the item is {@code null}, its id is empty, or a field holds an
     *     unsupported type
     */
    public Optional<T> put(T item) {
        Arguments.notNull(item, "item");
        String id = fields.id(item);
        synchronized (writeLock) {
            List<List<@Nullable Object>> keys = new ArrayList<>(indexes.size());
            for (Sort s : indexes.keySet()) {
                keys.add(key(item, s)); // validate every field before changing anything
            }
            T old = items.put(id, item);
            int i = 0;
            for (Map.Entry<Sort, NavigableMap<List<@Nullable Object>, T>> e : indexes.entrySet()) {
                NavigableMap<List<@Nullable Object>, T> index = e.getValue();
                List<@Nullable Object> key = keys.get(i++);
                index.put(key, item); // insert before removing: a reader never misses a moving item
                if (old != null) {
                    List<@Nullable Object> oldKey = key(old, e.getKey());
                    if (index.comparator().compare(oldKey, key) != 0) {
                        index.remove(oldKey, old);
                    }
                }
            }
            return Optional.ofNullable(old);
        }
    }

    /**
     * Inserts or replaces several items, one at a time.
     *
     * @param items the items
     * @throws IllegalArgumentException as {@link #put(Object)}
     */
    public void putAll(Collection<? extends T> items) {
        Arguments.notNull(items, "items");
        for (T item : items) {
            put(item);
        }
    }

    /**
     * Removes the item with an id.
     *
     * @param id the id
     * @return the removed item, if there was one
     * @throws IllegalArgumentException when {@code id} is {@code null} or empty
     */
    public Optional<T> remove(String id) {
        Arguments.key(id, "id");
        synchronized (writeLock) {
            T old = items.remove(id);
            if (old != null) {
                for (Map.Entry<Sort, NavigableMap<List<@Nullable Object>, T>> e : indexes.entrySet()) {
                    e.getValue().remove(key(old, e.getKey()), old);
                }
            }
            return Optional.ofNullable(old);
        }
    }

    /**
     * Looks an item up by id.
     *
     * @param id the id
     * @return the item, if present
     * @throws IllegalArgumentException when {@code id} is {@code null} or empty
     */
    public Optional<T> get(String id) {
        return Optional.ofNullable(items.get(Arguments.key(id, "id")));
    }

    /**
     * How many items are stored.
     *
     * @return the count
     */
    public int size() {
        return items.size();
    }

    /** The range read every paginator over this store uses. */
    KeysetSource<T> source() {
        return source;
    }

    private List<@Nullable Object> key(T item, Sort sort) {
        List<@Nullable Object> k = new ArrayList<>(sort.keys().size() + 1);
        for (SortKey sk : sort.keys()) {
            k.add(fields.value(item, sk.field()));
        }
        k.add(fields.value(item, sort.tieBreaker()));
        return Collections.unmodifiableList(k);
    }

    static Comparator<List<@Nullable Object>> comparator(Sort sort) {
        int n = sort.keys().size();
        boolean[] desc = new boolean[n + 1];
        for (int i = 0; i < n; i++) {
            desc[i] = sort.keys().get(i).direction() == SortDirection.DESCENDING;
        }
        desc[n] = sort.tieBreakerDirection() == SortDirection.DESCENDING;
        return (a, b) -> {
            for (int i = 0; i <= n; i++) {
                int c = SortValues.compare(a.get(i), b.get(i));
                if (c != 0) {
                    return desc[i] ? -c : c;
                }
            }
            return 0;
        };
    }

    private NavigableMap<List<@Nullable Object>, T> index(Sort sort) {
        NavigableMap<List<@Nullable Object>, T> index = indexes.get(sort);
        if (index != null) {
            return index;
        }
        synchronized (writeLock) {
            index = indexes.get(sort);
            if (index == null) {
                if (indexes.size() >= MAX_INDEXES) {
                    throw new IllegalArgumentException("sort " + sort + " would be index " + (MAX_INDEXES + 1)
                            + " of in-memory page store " + this + ", at most " + MAX_INDEXES);
                }
                ConcurrentSkipListMap<List<@Nullable Object>, T> built = new ConcurrentSkipListMap<>(comparator(sort));
                for (T item : items.values()) {
                    built.put(key(item, sort), item);
                }
                indexes.put(sort, built);
                index = built;
            }
            return index;
        }
    }

    private boolean matches(T item, Map<String, @Nullable Object> filters) {
        for (Map.Entry<String, @Nullable Object> f : filters.entrySet()) {
            if (SortValues.compare(fields.value(item, f.getKey()), f.getValue()) != 0) {
                return false;
            }
        }
        return true;
    }

    private final class Source implements KeysetSource<T> {

        @Override
        public CompletionStage<List<T>> fetch(KeysetQuery q) {
            NavigableMap<List<@Nullable Object>, T> index = index(q.sort());
            CursorPosition p = q.position();
            boolean forward = q.direction() == PageDirection.FORWARD;
            NavigableMap<List<@Nullable Object>, T> range;
            if (p == null) {
                range = forward ? index : index.descendingMap();
            } else if (forward) {
                range = index.tailMap(p.values(), p.inclusive());
            } else {
                range = index.headMap(p.values(), p.inclusive()).descendingMap();
            }
            List<T> out = new ArrayList<>(q.limit());
            Iterator<T> it = range.values().iterator();
            while (out.size() < q.limit() && it.hasNext()) {
                T item = it.next();
                if (matches(item, q.filters())) {
                    out.add(item);
                }
            }
            if (!forward) {
                Collections.reverse(out);
            }
            return CompletableFuture.completedFuture(out);
        }

        @Override
        public FieldExtractor<T> fields() {
            return fields;
        }

        @Override
        public String toString() {
            return "in-memory, " + items.size() + " items";
        }
    }

    @Override
    public String toString() {
        return "InMemoryPageStore[" + items.size() + " items, " + indexes.size() + " indexes]";
    }
}
