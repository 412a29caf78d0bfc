package io.headroom.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.headroom.page.CursorKeys;
import io.headroom.page.InvalidCursorException;
import io.headroom.page.Page;
import io.headroom.page.PageDirection;
import io.headroom.page.PageRequest;
import io.headroom.page.Paginator;
import io.headroom.page.PaginatorConfig;
import io.headroom.page.Sort;
import io.headroom.page.SortKey;
import io.headroom.testkit.contract.PageArbitraries.Op;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The contract every {@link Paginator} backend must pass, unchanged: extend it, implement {@link #newStore()},
 * and run it with the jqwik engine.
 *
 * <p>Properties over random item sets (many duplicate sort values), page sizes, directions and sync/async calls:
 * a forward walk yields every matching item exactly once in order; a backward walk from the end yields them too,
 * each page in display order; going back from the last page returns the same pages; with random inserts, deletes
 * and sort-value updates between pages, every item present and untouched for the whole walk appears exactly once,
 * every item read is the current one, and the keys read strictly advance (so nothing appears twice at one key);
 * any change to a cursor's characters or bytes, or its use with another query or paginator, is rejected with
 * {@link InvalidCursorException}. Examples cover a writer thread racing a walk, expiry, key rotation, encryption
 * and bad input.
 */
public abstract class PaginatorContract {

    /**
     * A fresh, empty collection of {@link PageItem}s in the backend under test, with paginators over it.
     * Items are sorted by {@code score} and filtered by {@code group}.
     */
    public interface Store {

        /**
         * A paginator over this store's items.
         *
         * @param config the configuration (name, keys, expiry, clock)
         * @return the paginator
         */
        Paginator<PageItem> paginator(PaginatorConfig config);

        /**
         * Inserts or replaces an item (by id); it is visible to the next page read.
         *
         * @param item the item
         */
        void put(PageItem item);

        /**
         * Removes an item; it is absent from the next page read.
         *
         * @param item the item as last put
         */
        void remove(PageItem item);
    }

    /**
     * Creates an empty store that shares nothing with earlier stores.
     *
     * @return the store
     */
    protected abstract Store newStore();

    private static final CursorKeys KEYS = CursorKeys.of("k1", "contract-secret-0123456789abcdef".getBytes(
            StandardCharsets.UTF_8));

    /**
     * The configuration used by the contract unless a test needs another: name {@code "contract"}, a fixed key.
     *
     * @return the configuration builder
     */
    protected static PaginatorConfig.Builder config() {
        return PaginatorConfig.builder().name("contract").cursorKeys(KEYS);
    }

    private static Store fill(Store store, List<PageItem> items) {
        items.forEach(store::put);
        return store;
    }

    private static Sort sort(boolean desc) {
        return Sort.by(desc ? SortKey.desc("score") : SortKey.asc("score"));
    }

    private static PageRequest request(boolean desc, String group, int size, PageDirection from) {
        return PageRequest.builder(sort(desc)).filter("group", group).size(size).direction(from).build();
    }

    /** The display order: score, then id by code point (= UTF-8 byte order; ids here are ASCII). */
    static Comparator<PageItem> order(boolean desc) {
        Comparator<PageItem> asc = Comparator.comparingLong(PageItem::score).thenComparing(PageItem::id);
        return desc ? asc.reversed() : asc;
    }

    private static List<PageItem> expected(List<PageItem> items, String group, boolean desc) {
        return items.stream().filter(i -> i.group().equals(group)).sorted(order(desc)).collect(Collectors.toList());
    }

    private static Page<PageItem> page(Paginator<PageItem> p, PageRequest r, boolean async) {
        return async ? p.pageAsync(r).toCompletableFuture().join() : p.page(r);
    }

    /** Walks from the start (forward) or the end (backward) and returns the pages in walk order. */
    private static List<Page<PageItem>> walk(Paginator<PageItem> p, PageRequest first, boolean async, int maxPages) {
        boolean forward = first.direction() == PageDirection.FORWARD;
        List<Page<PageItem>> pages = new ArrayList<>();
        Page<PageItem> page = page(p, first, async);
        pages.add(page);
        while (forward ? page.hasNext() : page.hasPrevious()) {
            if (pages.size() > maxPages) {
                fail("walk did not end after %d pages", maxPages);
            }
            page = page(p, forward ? first.next(page) : first.previous(page), async);
            pages.add(page);
        }
        return pages;
    }

    private static List<PageItem> concat(List<Page<PageItem>> pages) {
        List<PageItem> out = new ArrayList<>();
        pages.forEach(pg -> out.addAll(pg.items()));
        return out;
    }

    @Provide
    Arbitrary<List<PageItem>> items() {
        return PageArbitraries.items(60);
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        return PageArbitraries.ops(60);
    }

    // ---------------------------------------------------------------- walks

    @Property(tries = 60)
    void forwardWalkYieldsEveryItemExactlyOnceInOrder(@ForAll("items") List<PageItem> items,
                                                      @ForAll @IntRange(min = 1, max = 12) int size,
                                                      @ForAll boolean desc, @ForAll boolean async,
                                                      @ForAll boolean encrypt) {
        Store store = fill(newStore(), items);
        Paginator<PageItem> p = store.paginator(config().encryptCursors(encrypt).build());
        List<PageItem> want = expected(items, "a", desc);
        List<Page<PageItem>> pages = walk(p, request(desc, "a", size, PageDirection.FORWARD), async, want.size() + 2);

        assertThat(concat(pages)).as("forward walk, size %d", size).containsExactlyElementsOf(want);
        assertThat(pages).hasSize(Math.max(1, (want.size() + size - 1) / size));
        for (int i = 0; i < pages.size(); i++) {
            Page<PageItem> pg = pages.get(i);
            assertThat(pg.items().size()).isEqualTo(i < pages.size() - 1 ? size : want.size() - size * i);
            assertThat(pg.hasPrevious()).as("hasPrevious of page %d", i).isEqualTo(i > 0);
            assertThat(pg.hasNext()).as("hasNext of page %d", i).isEqualTo(i < pages.size() - 1);
        }
    }

    @Property(tries = 60)
    void backwardWalkFromTheEndYieldsTheReverseInDisplayOrder(@ForAll("items") List<PageItem> items,
                                                              @ForAll @IntRange(min = 1, max = 12) int size,
                                                              @ForAll boolean desc, @ForAll boolean async) {
        Store store = fill(newStore(), items);
        Paginator<PageItem> p = store.paginator(config().build());
        List<PageItem> want = expected(items, "b", desc);
        List<Page<PageItem>> pages = walk(p, request(desc, "b", size, PageDirection.BACKWARD), async,
                want.size() + 2);

        List<PageItem> reversedWalk = new ArrayList<>();
        for (int i = pages.size() - 1; i >= 0; i--) {
            List<PageItem> pageItems = pages.get(i).items();
            assertThat(pageItems).as("page %d of the backward walk is in display order", i)
                    .isSortedAccordingTo(order(desc));
            reversedWalk.addAll(pageItems);
        }
        assertThat(reversedWalk).containsExactlyElementsOf(want);
        assertThat(pages.get(0).hasNext()).isFalse();
        assertThat(pages.get(pages.size() - 1).hasPrevious()).isFalse();
        if (!want.isEmpty()) {
            assertThat(pages.get(0).items()).containsExactlyElementsOf(
                    want.subList(Math.max(0, want.size() - size), want.size()));
        }
    }

    @Property(tries = 60)
    void forwardThenBackwardReturnsTheSamePages(@ForAll("items") List<PageItem> items,
                                                @ForAll @IntRange(min = 1, max = 12) int size,
                                                @ForAll boolean desc, @ForAll boolean async) {
        Store store = fill(newStore(), items);
        Paginator<PageItem> p = store.paginator(config().build());
        PageRequest first = request(desc, "a", size, PageDirection.FORWARD);
        List<Page<PageItem>> forward = walk(p, first, async, items.size() + 2);

        Page<PageItem> page = forward.get(forward.size() - 1);
        for (int i = forward.size() - 2; i >= 0; i--) {
            assertThat(page.hasPrevious()).as("page %d has a previous page", i + 1).isTrue();
            page = page(p, first.previous(page), async);
            assertThat(page.items()).as("page %d read backwards", i).isEqualTo(forward.get(i).items());
            assertThat(page.hasNext()).isTrue();
        }
        assertThat(page.hasPrevious()).as("first page read backwards has no previous page").isFalse();
        if (forward.size() > 1) { // and forward again from a page read backwards
            assertThat(page(p, first.next(page), async).items()).isEqualTo(forward.get(1).items());
        }
    }

    @Property(tries = 60)
    void writesBetweenPagesNeverSkipOrRepeatUntouchedItems(@ForAll("items") List<PageItem> items,
                                                           @ForAll("ops") List<Op> ops,
                                                           @ForAll @IntRange(min = 1, max = 8) int size,
                                                           @ForAll @IntRange(min = 1, max = 4) int opsPerPage,
                                                           @ForAll boolean desc, @ForAll boolean backward,
                                                           @ForAll boolean async) {
        Store store = fill(newStore(), items);
        Paginator<PageItem> p = store.paginator(config().build());
        Map<String, PageItem> model = new TreeMap<>();
        items.forEach(i -> model.put(i.id(), i));
        Set<String> touched = new HashSet<>();
        Set<String> updated = new HashSet<>();
        Comparator<PageItem> order = order(desc);
        PageRequest first = request(desc, "a", size, backward ? PageDirection.BACKWARD : PageDirection.FORWARD);

        List<PageItem> walked = new ArrayList<>(); // in walk order
        Page<PageItem> page = page(p, first, async);
        int next = 0;
        int newIds = 0;
        for (int guard = 0; ; guard++) {
            if (guard > items.size() + ops.size() + 2) {
                fail("walk did not end");
            }
            for (PageItem read : page.items()) {
                assertThat(read.group()).isEqualTo("a");
                assertThat(model.get(read.id())).as("item read is the current version").isEqualTo(read);
            }
            List<PageItem> inWalkOrder = new ArrayList<>(page.items());
            if (backward) {
                java.util.Collections.reverse(inWalkOrder);
            }
            walked.addAll(inWalkOrder);
            if (!(backward ? page.hasPrevious() : page.hasNext())) {
                break;
            }
            for (int k = 0; k < opsPerPage && next < ops.size(); k++) {
                Op op = ops.get(next++);
                List<String> ids = new ArrayList<>(model.keySet());
                switch (op.kind()) {
                    case INSERT -> {
                        PageItem n = new PageItem("n" + newIds++, op.score(), op.group());
                        model.put(n.id(), n);
                        touched.add(n.id());
                        store.put(n);
                    }
                    case DELETE -> {
                        if (!ids.isEmpty()) {
                            PageItem gone = model.remove(ids.get(op.pick() % ids.size()));
                            touched.add(gone.id());
                            store.remove(gone);
                        }
                    }
                    case DELETE_CURSOR_ITEM -> {
                        PageItem gone = inWalkOrder.isEmpty() ? null
                                : model.remove(inWalkOrder.get(inWalkOrder.size() - 1).id());
                        if (gone != null) {
                            touched.add(gone.id());
                            store.remove(gone);
                        }
                    }
                    case UPDATE_CURSOR_ITEM -> {
                        PageItem old = inWalkOrder.isEmpty() ? null
                                : model.get(inWalkOrder.get(inWalkOrder.size() - 1).id());
                        if (old != null) {
                            PageItem moved = old.withScore(op.score());
                            model.put(moved.id(), moved);
                            touched.add(moved.id());
                            updated.add(moved.id());
                            store.put(moved);
                        }
                    }
                    default -> {
                        if (!ids.isEmpty()) {
                            PageItem old = model.get(ids.get(op.pick() % ids.size()));
                            PageItem moved = old.withScore(op.score());
                            model.put(moved.id(), moved);
                            touched.add(moved.id());
                            updated.add(moved.id());
                            store.put(moved);
                        }
                    }
                }
            }
            page = page(p, backward ? first.previous(page) : first.next(page), async);
        }

        for (int i = 1; i < walked.size(); i++) {
            int c = order.compare(walked.get(i - 1), walked.get(i));
            assertThat(backward ? -c : c).as("keys strictly advance at %d: %s then %s", i, walked.get(i - 1),
                    walked.get(i)).isLessThan(0);
        }
        Map<String, Integer> seen = new HashMap<>();
        walked.forEach(i -> seen.merge(i.id(), 1, Integer::sum));
        for (PageItem i : items) {
            if (i.group().equals("a") && !touched.contains(i.id())) {
                assertThat(seen.get(i.id())).as("untouched item %s appears exactly once", i).isEqualTo(1);
            }
        }
        seen.forEach((id, n) -> {
            if (!updated.contains(id)) {
                assertThat(n).as("item %s (never re-sorted) appears at most once", id).isEqualTo(1);
            }
        });
    }

    @Example
    void aWriterThreadRacingTheWalkNeverMakesItSkipOrRepeatUntouchedItems() throws Exception {
        Store store = newStore();
        List<PageItem> stable = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            PageItem item = new PageItem(String.format("s%03d", i), i % 7, "a");
            stable.add(item);
            store.put(item);
        }
        Paginator<PageItem> p = store.paginator(config().build());
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong writes = new AtomicLong();
        Thread writer = new Thread(() -> {
            ThreadLocalRandom r = ThreadLocalRandom.current();
            while (!stop.get()) {
                PageItem v = new PageItem("v" + r.nextInt(40), r.nextInt(7), "a");
                if (r.nextBoolean()) {
                    store.put(v);
                } else {
                    store.remove(v);
                }
                writes.incrementAndGet();
            }
        }, "contract-writer");
        writer.start();
        List<PageItem> walked;
        try {
            while (writes.get() < 50) {
                Thread.onSpinWait(); // the writer is running before the walk starts
            }
            walked = concat(walk(p, request(false, "a", 7, PageDirection.FORWARD), false, 1_000));
        } finally {
            stop.set(true);
            writer.join();
        }
        for (int i = 1; i < walked.size(); i++) {
            assertThat(order(false).compare(walked.get(i - 1), walked.get(i))).isLessThan(0);
        }
        assertThat(walked.stream().filter(i -> i.id().startsWith("s")).collect(Collectors.toList()))
                .containsExactlyElementsOf(stable.stream().sorted(order(false)).collect(Collectors.toList()));
    }

    // ---------------------------------------------------------------- cursors

    private Store cursorStore;

    private Store cursorStore() {
        if (cursorStore == null) {
            cursorStore = newStore();
            for (int i = 0; i < 30; i++) {
                cursorStore.put(new PageItem("c" + i, i % 4, i % 3 == 0 ? "b" : "a"));
            }
        }
        return cursorStore;
    }

    /** A cursor mutation: kind, position seed, character. */
    record Mutation(int kind, int at, char c) {
        String apply(String s) {
            int n = s.length();
            switch (kind) {
                case 0: { // replace one character
                    int i = at % n;
                    char r = c == s.charAt(i) ? (c == 'A' ? 'B' : 'A') : c;
                    return s.substring(0, i) + r + s.substring(i + 1);
                }
                case 1: { // delete one character
                    int i = at % n;
                    return s.substring(0, i) + s.substring(i + 1);
                }
                case 2: { // insert one character
                    int i = at % (n + 1);
                    return s.substring(0, i) + c + s.substring(i);
                }
                case 3: // truncate
                    return s.substring(0, 1 + at % (n - 1));
                case 4: { // flip one bit of the decoded bytes
                    byte[] b = Base64.getUrlDecoder().decode(s);
                    int bit = at % (b.length * 8);
                    b[bit / 8] ^= (byte) (1 << (bit % 8));
                    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
                }
                default: { // swap two neighbours
                    int i = at % (n - 1);
                    return s.substring(0, i) + s.charAt(i + 1) + s.charAt(i) + s.substring(i + 2);
                }
            }
        }
    }

    @Provide
    Arbitrary<Mutation> mutations() {
        return Combinators.combine(Arbitraries.integers().between(0, 5), Arbitraries.integers().between(0, 10_000),
                Arbitraries.chars().with("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=+/."))
                .as(Mutation::new);
    }

    @Property(tries = 200)
    void anyChangeToACursorIsRejected(@ForAll("mutations") Mutation mutation, @ForAll boolean previous,
                                      @ForAll boolean encrypt) {
        Paginator<PageItem> p = cursorStore().paginator(config().encryptCursors(encrypt).build());
        PageRequest first = request(false, "a", 5, PageDirection.FORWARD);
        Page<PageItem> second = p.page(first.next(p.page(first)));
        String cursor = previous ? second.previousCursor() : second.nextCursor();
        String mutated = mutation.apply(cursor);
        Assume.that(!mutated.equals(cursor));

        assertThatThrownBy(() -> p.page(first.withCursor(mutated)))
                .as("mutation %s of %s: %s", mutation, cursor, mutated)
                .isInstanceOf(InvalidCursorException.class)
                .hasMessageContaining("paginator 'contract'");
    }

    @Example
    void aCursorIsBoundToItsQueryAndPaginator() {
        Store store = cursorStore();
        Paginator<PageItem> p = store.paginator(config().build());
        PageRequest first = request(false, "a", 5, PageDirection.FORWARD);
        String cursor = p.page(first).nextCursor();
        assertThat(p.page(first.withCursor(cursor)).items()).isNotEmpty();

        List<PageRequest> others = List.of(
                request(true, "a", 5, PageDirection.FORWARD),                      // other direction
                request(false, "b", 5, PageDirection.FORWARD),                     // other filter value
                PageRequest.builder(Sort.by(SortKey.asc("score"))).filter("group", "a")
                        .filter("score", 1).size(5).build(),                       // extra filter
                PageRequest.builder(Sort.by(SortKey.asc("score")).tieBreaker("group"))
                        .filter("group", "a").build());                            // other tie-breaker
        for (PageRequest other : others) {
            assertThatThrownBy(() -> p.page(other.withCursor(cursor))).as("%s", other)
                    .isInstanceOfAny(InvalidCursorException.class, IllegalArgumentException.class);
            // a backend may refuse the query itself before looking at the cursor; in-memory never does
        }
        assertThatThrownBy(() -> p.page(request(false, "b", 5, PageDirection.FORWARD).withCursor(cursor)))
                .isInstanceOf(InvalidCursorException.class).hasMessageContaining("another query");
        Paginator<PageItem> other = store.paginator(config().name("other").build());
        assertThatThrownBy(() -> other.page(first.withCursor(cursor)))
                .isInstanceOf(InvalidCursorException.class).hasMessageContaining("another query");
        assertThat(p.page(first.withSize(9).withCursor(cursor)).items()).as("page size may change").hasSize(9);
    }

    @Example
    void cursorsExpireWhenTheConfigSaysSo() {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        Paginator<PageItem> p = cursorStore().paginator(config().cursorTtl(Duration.ofMinutes(10)).clock(clock)
                .build());
        PageRequest first = request(false, "a", 5, PageDirection.FORWARD);
        String cursor = p.page(first).nextCursor();
        clock.advance(Duration.ofMinutes(9));
        assertThat(p.page(first.withCursor(cursor)).items()).hasSize(5);
        clock.advance(Duration.ofMinutes(1));
        assertThatThrownBy(() -> p.page(first.withCursor(cursor)))
                .isInstanceOf(InvalidCursorException.class).hasMessageContaining("expired");
    }

    @Example
    void rotatedKeysStillVerifyAndRetiredOrUnknownKeysDoNot() {
        byte[] secret2 = "the-second-secret-0123456789abcd".getBytes(StandardCharsets.UTF_8);
        Store store = cursorStore();
        PageRequest first = request(false, "a", 5, PageDirection.FORWARD);
        String oldCursor = store.paginator(config().build()).page(first).nextCursor();

        CursorKeys rotated = KEYS.rotate("k2", secret2);
        Paginator<PageItem> afterRotation = store.paginator(config().cursorKeys(rotated).build());
        Page<PageItem> viaOld = afterRotation.page(first.withCursor(oldCursor));
        assertThat(viaOld.items()).hasSize(5);
        String newCursor = viaOld.nextCursor();

        Paginator<PageItem> retired = store.paginator(config().cursorKeys(rotated.retire("k1")).build());
        assertThat(retired.page(first.withCursor(newCursor)).items()).isNotEmpty();
        assertThatThrownBy(() -> retired.page(first.withCursor(oldCursor)))
                .isInstanceOf(InvalidCursorException.class).hasMessageContaining("unknown key 'k1'");
        Paginator<PageItem> sameIdOtherSecret = store.paginator(config()
                .cursorKeys(CursorKeys.of("k1", secret2)).build());
        assertThatThrownBy(() -> sameIdOtherSecret.page(first.withCursor(oldCursor)))
                .isInstanceOf(InvalidCursorException.class).hasMessageContaining("signature");
    }

    @Example
    void encryptedCursorsRevealNoSortValueOrId() {
        Store store = newStore();
        PageItem secret = new PageItem("secret-id-4242", 987_654_321L, "a");
        store.put(secret);
        store.put(new PageItem("other", 987_654_322L, "a"));
        PageRequest first = request(false, "a", 1, PageDirection.FORWARD);
        Paginator<PageItem> encrypted = store.paginator(config().build());
        String cursor = encrypted.page(first).nextCursor();
        byte[] raw = Base64.getUrlDecoder().decode(cursor);
        assertThat(new String(raw, StandardCharsets.ISO_8859_1)).doesNotContain("secret-id-4242");
        assertThat(indexOf(raw, longBytes(987_654_321L))).isEqualTo(-1);
        assertThat(cursor).matches("[A-Za-z0-9_-]+");

        String clear = store.paginator(config().encryptCursors(false).build()).page(first).nextCursor();
        assertThat(new String(Base64.getUrlDecoder().decode(clear), StandardCharsets.ISO_8859_1))
                .as("unencrypted cursors are signed but readable").contains("secret-id-4242");
    }

    private static byte[] longBytes(long v) {
        return java.nio.ByteBuffer.allocate(8).putLong(v).array();
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    // ---------------------------------------------------------------- pages at the edges and bad input

    @Example
    void anEmptyCollectionGivesOneEmptyPageAndTheDefaultSizeIs20() {
        Store store = newStore();
        Paginator<PageItem> p = store.paginator(config().build());
        PageRequest req = PageRequest.builder(sort(false)).filter("group", "a").build();
        assertThat(p.page(req)).isEqualTo(Page.empty());
        for (int i = 0; i < 45; i++) {
            store.put(new PageItem(String.format("d%02d", i), 0, "a"));
        }
        Page<PageItem> page = p.page(req);
        assertThat(page.items()).hasSize(20);
        assertThat(page.items().get(0).id()).isEqualTo("d00");
        assertThat(p.page(req.next(p.page(req.next(page)))).items()).hasSize(5);
    }

    @Example
    void aPageWhoseRestWasDeletedIsEmptyAndCanGoBack() {
        Store store = newStore();
        List<PageItem> all = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            all.add(new PageItem("e" + i, i, "a"));
            store.put(all.get(i));
        }
        Paginator<PageItem> p = store.paginator(config().build());
        PageRequest first = request(false, "a", 3, PageDirection.FORWARD);
        Page<PageItem> one = p.page(first);
        store.remove(all.get(3));
        store.remove(all.get(4));
        store.remove(all.get(5));
        Page<PageItem> two = p.page(first.next(one));
        assertThat(two.items()).isEmpty();
        assertThat(two.hasNext()).isFalse();
        assertThat(p.page(first.previous(two)).items()).containsExactlyElementsOf(all.subList(0, 3));
    }

    @Example
    void idsTieBreakByCodePointLikeUtf8Bytes() {
        Store store = newStore();
        // code point order; String.compareTo would put the emoji (a surrogate pair) before U+FFFD
        List<String> ids = List.of("A", "a", "z", "\u00e9", "\u4e2d", "\ufffd", "\ud83d\ude00");
        List<PageItem> want = new ArrayList<>();
        for (String id : ids) {
            want.add(new PageItem(id, 7, "a"));
        }
        for (int i = want.size() - 1; i >= 0; i--) {
            store.put(want.get(i));
        }
        Paginator<PageItem> p = store.paginator(config().build());
        for (int size = 1; size <= 3; size++) {
            assertThat(concat(walk(p, request(false, "a", size, PageDirection.FORWARD), false, 20)))
                    .containsExactlyElementsOf(want);
            List<PageItem> back = concat(walk(p, request(true, "a", size, PageDirection.BACKWARD), true, 20));
            assertThat(back).hasSize(want.size());
        }
        List<PageItem> desc = new ArrayList<>(want);
        java.util.Collections.reverse(desc);
        assertThat(concat(walk(p, request(true, "a", 2, PageDirection.FORWARD), false, 20)))
                .containsExactlyElementsOf(desc);
    }

    @Example
    void badInputFailsWithAClearMessage() {
        Paginator<PageItem> p = cursorStore().paginator(config().maxPageSize(50).build());
        assertThatThrownBy(() -> PageRequest.builder(sort(false)).size(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("size must be at least 1");
        assertThatThrownBy(() -> PageRequest.builder(sort(false)).size(-3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was -3");
        assertThatThrownBy(() -> p.page(request(false, "a", 51, PageDirection.FORWARD)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("size must be at most 50");
        assertThatThrownBy(() -> p.pageAsync(request(false, "a", 51, PageDirection.FORWARD)))
                .as("thrown by the async form too, before I/O").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(Sort::by)
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one key");
        assertThatThrownBy(() -> p.page(PageRequest.builder(Sort.by(SortKey.asc("nope")))
                .filter("group", "a").build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sort field 'nope'");
        assertThatThrownBy(() -> p.page(PageRequest.builder(sort(false)).filter("colour", "red").build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("filter field 'colour'");
        assertThatThrownBy(() -> p.page(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("request");
        assertThatThrownBy(() -> p.page(request(false, "a", 5, PageDirection.FORWARD).withCursor("")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cursor");
        assertThatThrownBy(() -> p.page(request(false, "a", 5, PageDirection.FORWARD).withCursor("x".repeat(5000))))
                .isInstanceOf(InvalidCursorException.class).hasMessageContaining("longer than");
        assertThatThrownBy(() -> p.page(request(false, "a", 5, PageDirection.FORWARD).withCursor("not a cursor!")))
                .isInstanceOf(InvalidCursorException.class);
    }

    // issue 19: Redis' UTF-8 codec wrote every lone surrogate as '?', so such partitions shared one sorted set
    @Example
    void partitionValuesAndNamesWithUnpairedSurrogatesAreRejected() {
        for (String bad : List.of("\uD800", "a\uDC00")) {
            assertThatThrownBy(() -> PageRequest.builder(sort(false)).filter("group", bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("value of field 'group' must be well-formed UTF-16");
            assertThatThrownBy(() -> config().name("contract" + bad).build())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name must be well-formed");
        }
        Store store = fill(newStore(), List.of(new PageItem("x1", 1, "?"), new PageItem("x2", 2, "\uD83D\uDE00")));
        Paginator<PageItem> p = store.paginator(config().build());
        assertThat(p.page(request(false, "?", 10, PageDirection.FORWARD)).items())
                .containsExactly(new PageItem("x1", 1, "?"));
        assertThat(p.page(request(false, "\uD83D\uDE00", 10, PageDirection.FORWARD)).items())
                .containsExactly(new PageItem("x2", 2, "\uD83D\uDE00"));
    }

    /** A clock moved by hand. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
