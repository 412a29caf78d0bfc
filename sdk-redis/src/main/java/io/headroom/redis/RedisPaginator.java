package io.headroom.redis;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.headroom.BackendUnavailableException;
import io.headroom.internal.Arguments;
import io.headroom.spi.BackendCallObserver;
import io.headroom.internal.BackendGuard;
import io.headroom.internal.Futures;
import io.headroom.spi.ObservableBackend;
import io.headroom.page.CursorPosition;
import io.headroom.page.FieldExtractor;
import io.headroom.page.Page;
import io.headroom.page.PageDirection;
import io.headroom.page.PageRequest;
import io.headroom.page.Paginator;
import io.headroom.page.PaginatorConfig;
import io.headroom.page.Sort;
import io.headroom.page.SortDirection;
import io.headroom.redis.internal.LuaScript;
import io.headroom.redis.internal.RedisKeys;
import io.headroom.spi.KeysetQuery;
import io.headroom.spi.KeysetSource;
import io.lettuce.core.ScriptOutputType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Paginator} over Redis sorted sets (standalone or cluster), paging items by one numeric sort field with
 * the item id as tie-breaker, with the same signed cursors and the same semantics as every other backend.
 *
 * <ul>
 *   <li><b>Layout:</b> one sorted set per partition (the values of the {@linkplain Builder#partitionBy partition
 *       fields}, which requests must filter on exactly), score = the sort field, member = the item id; plus a hash
 *       of payloads (field = id, value = the codec's string) in the same hash slot:
 *       {@code <prefix>page:<collection>:{p:<partition>}} and {@code ...:items} (built by {@code RedisKeys}; see
 *       {@code docs/redis-keys.md}). Every call touches one slot,
 *       so it works on a cluster.</li>
 *   <li><b>One round trip per page:</b> a Lua script finds the cursor's rank in the {@code (score, member)}
 *       order, exclusive or inclusive: by {@code ZRANK} when the cursor's item still has its score, otherwise by
 *       {@code ZCOUNT} plus a binary search among the members sharing the score (so a deleted or re-scored cursor
 *       item still pages exactly), then reads size + 1 ids by rank with {@code ZRANGE} and their payloads with
 *       {@code HMGET}. Cost O(log n + size) at any depth. Descending sorts read the same range and reverse it,
 *       since Redis orders equal scores by member in both directions.</li>
 *   <li><b>Writes:</b> {@link #put(Object)} and {@link #remove(Object)} update set and hash atomically (a Lua
 *       script). Partition field values must not change for an item; remove it and put it again instead.</li>
 *   <li><b>Scores:</b> doubles; integral sort values must lie within &plusmn;2<sup>53</sup> to stay exact.</li>
 *   <li><b>Outages ({@link PaginatorConfig#outagePolicy()}, {@link io.headroom.page.PageOutagePolicy#FAIL_FAST}):
 *       </b> every call has {@link RedisOptions#timeout()} and runs behind a Resilience4j circuit breaker; a
 *       failed, timed-out or refused call (page read, put or remove) fails with {@link BackendUnavailableException}
 *       (there is no sensible page to make up).</li>
 *   <li><b>Metrics:</b> {@link io.headroom.page.PaginatorMetrics#bind} counts pages and times every Redis call
 *       (views made with {@link #withConfig} share one breaker and one call timer).</li>
 * </ul>
 *
 * <p>Thread-safe. The blocking forms wait for the asynchronous ones, which complete on Lettuce's I/O threads.
 * Holds nothing to close: the Redis connection is the caller's.
 *
 * @param <T> the item type
 */
public final class RedisPaginator<T> implements Paginator<T>, ObservableBackend {

    private static final LuaScript RANGE = LuaScript.load("page-range.lua");
    private static final LuaScript PUT = LuaScript.load("page-put.lua");
    private static final LuaScript REMOVE = LuaScript.load("page-remove.lua");
    private static final double MAX_EXACT = 0x1p53;

    private final Shared<T> shared;
    private final Paginator<T> engine;

    /** What every configuration view of one collection shares. */
    private record Shared<T>(RedisBackend backend, FieldExtractor<T> fields, String scoreField,
                             List<String> partitionFields, Function<? super T, String> encoder,
                             Function<String, ? extends T> decoder, String keyPrefix, BackendGuard guard,
                             String collection) {
    }

    private RedisPaginator(Shared<T> shared, PaginatorConfig config) {
        this.shared = shared;
        this.engine = Paginator.keyset(config, new Source());
    }

    /**
     * Starts a Redis paginator.
     *
     * @param backend the Redis to use
     * @param fields how items are read (id, sort field, partition fields)
     * @param <T> the item type
     * @return a builder; not thread-safe
     * @throws IllegalArgumentException when an argument is {@code null}
     */
    public static <T> Builder<T> builder(RedisBackend backend, FieldExtractor<T> fields) {
        return new Builder<>(Arguments.notNull(backend, "backend"), Arguments.notNull(fields, "fields"));
    }

    /**
     * A paginator over the same sorted sets with another configuration (rotated keys, other limits).
     *
     * @param config the configuration
     * @return the view
     * @throws IllegalArgumentException when {@code config} is {@code null}
     */
    public RedisPaginator<T> withConfig(PaginatorConfig config) {
        return new RedisPaginator<>(shared, Arguments.notNull(config, "config"));
    }

    @Override
    public Page<T> page(PageRequest request) {
        return engine.page(request);
    }

    @Override
    public CompletionStage<Page<T>> pageAsync(PageRequest request) {
        return engine.pageAsync(request);
    }

    @Override
    public PaginatorConfig config() {
        return engine.config();
    }

    /**
     * Inserts an item, or replaces the item with the same id in its partition.
     *
     * @param item the item
     * @throws IllegalArgumentException when the item's id, sort field or partition fields break a rule
     * @throws BackendUnavailableException when Redis fails or times out
     */
    public void put(T item) {
        Futures.join(putAsync(item));
    }

    /**
     * Asynchronous form of {@link #put(Object)}.
     *
     * @param item the item
     * @return a stage completing when written, or failing with {@link BackendUnavailableException}
     * @throws IllegalArgumentException when the item breaks a rule (thrown, not returned in the stage)
     */
    public CompletionStage<Void> putAsync(T item) {
        Arguments.notNull(item, "item");
        String id = shared.fields.id(item);
        String score = score(shared.fields.value(item, shared.scoreField), "item '" + id + "'");
        String payload = Arguments.notNull(shared.encoder.apply(item), "encoded item");
        String[] keys = keys(partitionOf(item));
        return call("put", () -> backend().<Long>eval(PUT, ScriptOutputType.INTEGER, keys, score, id, payload))
                .thenApply(r -> null);
    }

    /**
     * Removes an item (found by its id and partition fields).
     *
     * @param item the item
     * @return whether it was present
     * @throws IllegalArgumentException when the item's id or partition fields break a rule
     * @throws BackendUnavailableException when Redis fails or times out
     */
    public boolean remove(T item) {
        return Futures.join(removeAsync(item));
    }

    /**
     * Asynchronous form of {@link #remove(Object)}.
     *
     * @param item the item
     * @return a stage completing with whether it was present
     * @throws IllegalArgumentException when the item breaks a rule (thrown, not returned in the stage)
     */
    public CompletionStage<Boolean> removeAsync(T item) {
        Arguments.notNull(item, "item");
        String id = shared.fields.id(item);
        String[] keys = keys(partitionOf(item));
        return call("remove", () -> backend().<Long>eval(REMOVE, ScriptOutputType.INTEGER, keys, id))
                .thenApply(r -> r == 1L);
    }

    /**
     * Times every Redis call from now on (used by {@link io.headroom.page.PaginatorMetrics}); the views of this
     * collection share the observer.
     *
     * @param observer told about each completed call
     */
    @Override
    public void observeBackendCalls(BackendCallObserver observer) {
        shared.guard.observeBackendCalls(observer);
    }

    /**
     * The circuit breaker around Redis calls, for metrics and state.
     *
     * @return the breaker
     */
    public CircuitBreaker circuitBreaker() {
        return shared.guard.circuitBreaker();
    }

    private RedisBackend backend() {
        return shared.backend;
    }

    private <R> CompletableFuture<R> call(String what, java.util.function.Supplier<CompletableFuture<R>> call) {
        CompletableFuture<R> out = new CompletableFuture<>();
        shared.guard.call(call).whenComplete((r, e) -> {
            if (e == null) {
                out.complete(r);
            } else {
                Throwable cause = Futures.unwrap(e);
                out.completeExceptionally(new BackendUnavailableException("paginator '" + config().name()
                        + "' could not " + what + " on Redis (collection '" + shared.collection + "'): " + cause,
                        cause));
            }
        });
        return out;
    }

    private Map<String, @Nullable Object> partitionOf(T item) {
        Map<String, @Nullable Object> p = new HashMap<>();
        for (String f : shared.partitionFields) {
            p.put(f, shared.fields.value(item, f));
        }
        return p;
    }

    private String[] keys(Map<String, @Nullable Object> partition) {
        StringBuilder b = new StringBuilder();
        for (String f : shared.partitionFields) {
            Object v = partition.get(f);
            String s = v == null ? "" : v.toString();
            char type = v == null ? 'n' : v instanceof String ? 's' : v instanceof Boolean ? 'b'
                    : v instanceof Long ? 'l' : v instanceof Double ? 'd' : 't';
            b.append(type).append(s.length()).append(':').append(s).append(',');
        }
        // the "p" part keeps the hash tag non-empty when there are no partition fields (an empty {} would hash
        // the whole key, putting the set and the payload hash in different slots)
        String zset = RedisKeys.slotted(shared.keyPrefix, RedisKeys.Type.PAGE, shared.collection, "p", b.toString());
        return new String[] {zset, RedisKeys.sibling(zset, "items")};
    }

    private String score(@Nullable Object v, String what) {
        if (!(v instanceof Number n)) {
            throw new IllegalArgumentException("sort field '" + shared.scoreField + "' of " + what
                    + " must be a number for Redis, was " + v);
        }
        if (v instanceof Long l) {
            if (Math.abs((double) l) > MAX_EXACT) {
                throw new IllegalArgumentException("sort field '" + shared.scoreField + "' of " + what
                        + " must be within +-2^53 to be exact as a Redis score, was " + l);
            }
            return Long.toString(l);
        }
        double d = n.doubleValue();
        if (Double.isInfinite(d)) {
            return d > 0 ? "+inf" : "-inf";
        }
        return Double.toString(d);
    }

    private final class Source implements KeysetSource<T> {

        @Override
        public void check(Sort sort, Map<String, @Nullable Object> filters) {
            if (sort.keys().size() != 1 || !sort.keys().get(0).field().equals(shared.scoreField)) {
                throw new IllegalArgumentException("sort must be exactly one key on '" + shared.scoreField
                        + "' (the Redis score) for paginator '" + config().name() + "', was " + sort);
            }
            if (!sort.tieBreaker().equals(Sort.ID)) {
                throw new IllegalArgumentException("tie-breaker must be '" + Sort.ID
                        + "' (the sorted set member) on Redis, was '" + sort.tieBreaker() + "'");
            }
            if (!filters.keySet().equals(new LinkedHashSet<>(shared.partitionFields))) {
                throw new IllegalArgumentException("filters must be exactly the partition fields "
                        + shared.partitionFields + " on Redis, were " + filters.keySet());
            }
        }

        @Override
        public CompletionStage<List<T>> fetch(KeysetQuery q) {
            boolean asc = q.sort().keys().get(0).direction() == SortDirection.ASCENDING;
            boolean forward = q.direction() == PageDirection.FORWARD;
            String side = forward == asc ? "after" : "before";
            CursorPosition p = q.position();
            String[] args;
            if (p == null) {
                args = new String[] {"0", "", "", "0", side, Integer.toString(q.limit())};
            } else {
                Object id = p.tieBreakerValue();
                if (!(id instanceof String)) {
                    throw new IllegalArgumentException("cursor position has no id"); // unreachable: signed
                }
                args = new String[] {"1", score(p.values().get(0), "the cursor"), (String) id,
                        p.inclusive() ? "1" : "0", side, Integer.toString(q.limit())};
            }
            String[] keys = keys(q.filters());
            return call("read a page", () -> backend().<List<Object>>eval(RANGE, ScriptOutputType.MULTI, keys, args))
                    .thenApply(reply -> {
                        List<T> items = new ArrayList<>(reply.size() / 2);
                        for (int i = 0; i + 1 < reply.size(); i += 2) {
                            Object payload = reply.get(i + 1);
                            if (payload != null) {
                                items.add(shared.decoder.apply((String) payload));
                            }
                        }
                        if (!asc) {
                            Collections.reverse(items);
                        }
                        return items;
                    });
        }

        @Override
        public FieldExtractor<T> fields() {
            return shared.fields;
        }

        @Override
        public String toString() {
            return "redis:" + shared.collection;
        }
    }

    @Override
    public String toString() {
        return "RedisPaginator[" + config().name() + ", collection=" + shared.collection + ", " + shared.backend + "]";
    }

    /**
     * Builds a {@link RedisPaginator}. Not thread-safe.
     *
     * @param <T> the item type
     */
    public static final class Builder<T> {
        private final RedisBackend backend;
        private final FieldExtractor<T> fields;
        private @Nullable String scoreField;
        private final Set<String> partitionFields = new LinkedHashSet<>();
        private @Nullable Function<? super T, String> encoder;
        private @Nullable Function<String, ? extends T> decoder;
        private PaginatorConfig config = PaginatorConfig.ofDefaults();
        private RedisOptions options = RedisOptions.defaults();
        private @Nullable String collection;

        private Builder(RedisBackend backend, FieldExtractor<T> fields) {
            this.backend = backend;
            this.fields = fields;
        }

        /**
         * Sets the numeric field that is the sorted set's score. Required.
         *
         * @param field a declared field
         * @return this builder
         */
        public Builder<T> scoreField(String field) {
            this.scoreField = field;
            return this;
        }

        /**
         * Adds partition fields: each combination of their values is its own sorted set, and every request must
         * filter on exactly these fields. Default none (one sorted set).
         *
         * @param fields declared fields
         * @return this builder
         */
        public Builder<T> partitionBy(String... fields) {
            Arguments.notNull(fields, "fields");
            for (String f : fields) {
                if (!partitionFields.add(Arguments.key(f, "partition field"))) {
                    throw new IllegalArgumentException("partition field '" + f + "' is given twice");
                }
            }
            return this;
        }

        /**
         * Sets how items are stored in the payload hash. Required.
         *
         * @param encoder item to string
         * @param decoder string to item; must invert the encoder
         * @return this builder
         */
        public Builder<T> codec(Function<? super T, String> encoder, Function<String, ? extends T> decoder) {
            this.encoder = encoder;
            this.decoder = decoder;
            return this;
        }

        /**
         * Sets the paginator configuration. Default {@link PaginatorConfig#ofDefaults()}.
         *
         * @param config the configuration
         * @return this builder
         */
        public Builder<T> config(PaginatorConfig config) {
            this.config = config;
            return this;
        }

        /**
         * Sets key prefix, timeout and circuit breaker ({@link RedisOptions#clock()} is unused). Default
         * {@link RedisOptions#defaults()}.
         *
         * @param options the options
         * @return this builder
         */
        public Builder<T> options(RedisOptions options) {
            this.options = options;
            return this;
        }

        /**
         * Names the family of sorted sets in Redis keys. Default: the configuration's name.
         *
         * @param collection 1 to 128 characters
         * @return this builder
         */
        public Builder<T> collection(String collection) {
            this.collection = collection;
            return this;
        }

        /**
         * Validates and returns the paginator.
         *
         * @return the paginator
         * @throws IllegalArgumentException when a setting breaks its rule; the message names it
         */
        public RedisPaginator<T> build() {
            Arguments.notNull(config, "config");
            Arguments.notNull(options, "options");
            if (scoreField == null) {
                throw new IllegalArgumentException("scoreField must be set");
            }
            if (!fields.has(scoreField) || Sort.ID.equals(scoreField)) {
                throw new IllegalArgumentException("scoreField '" + scoreField + "' is not a field of the items");
            }
            for (String f : partitionFields) {
                if (!fields.has(f) || Sort.ID.equals(f) || f.equals(scoreField)) {
                    throw new IllegalArgumentException("partition field '" + f + "' is not a usable field of the "
                            + "items (not the id nor the score field)");
                }
            }
            if (encoder == null || decoder == null) {
                throw new IllegalArgumentException("codec must be set");
            }
            String name = collection != null ? collection : config.name();
            if (name.isEmpty() || name.length() > 128) {
                throw new IllegalArgumentException("collection must be 1 to 128 characters, was '" + name + "'");
            }
            BackendGuard guard = BackendGuard.create("headroom-page-" + name, options.timeout(),
                    options.circuitBreakerConfig());
            Shared<T> shared = new Shared<>(backend, fields, scoreField, List.copyOf(partitionFields), encoder,
                    decoder, options.keyPrefix(), guard, Arguments.wellFormed(name, "collection"));
            return new RedisPaginator<>(shared, config);
        }
    }
}
