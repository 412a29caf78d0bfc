package io.headroom.testkit.contract;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * jqwik arbitraries for paginator properties: item sets with many duplicate sort values, and write operations
 * interleaved with a page walk. Stateless and thread-safe.
 */
public final class PageArbitraries {

    private PageArbitraries() {
    }

    /** What a write does. */
    public enum OpKind {
        /** Insert a new item. */
        INSERT,
        /** Delete an existing item. */
        DELETE,
        /** Change an existing item's sort value. */
        UPDATE,
        /** Delete the item the next cursor points at (the page's last item in walk order), if still there. */
        DELETE_CURSOR_ITEM,
        /** Change the sort value of the item the next cursor points at, if still there. */
        UPDATE_CURSOR_ITEM
    }

    /**
     * One write between two pages.
     *
     * @param kind what it does
     * @param pick which existing item (modulo the count), for deletes and updates
     * @param score the new item's or the updated score
     * @param group the new item's group
     */
    public record Op(OpKind kind, int pick, long score, String group) {
    }

    /**
     * 0 to {@code max} items with ids {@code i0, i1, ...}, groups a/b, and scores in a small random range
     * (sometimes all equal), so ties are common.
     *
     * @param max the most items
     * @return the arbitrary
     */
    public static Arbitrary<List<PageItem>> items(int max) {
        return Arbitraries.integers().between(0, 30).edgeCases(e -> e.includeOnly(0, 1)).flatMap(range ->
                Combinators.combine(Arbitraries.longs().between(0, range), Arbitraries.of("a", "b"))
                        .as((s, g) -> new long[] {s, g.equals("a") ? 0 : 1})
                        .list().ofMaxSize(max)
                        .map(raw -> {
                            List<PageItem> out = new ArrayList<>(raw.size());
                            for (int i = 0; i < raw.size(); i++) {
                                out.add(new PageItem("i" + i, raw.get(i)[0], raw.get(i)[1] == 0 ? "a" : "b"));
                            }
                            return out;
                        }));
    }

    /**
     * Lists of up to {@code max} writes.
     *
     * @param max the most writes per list
     * @return the arbitrary
     */
    public static Arbitrary<List<Op>> ops(int max) {
        return Combinators.combine(Arbitraries.of(OpKind.class), Arbitraries.integers().between(0, 1_000),
                        Arbitraries.longs().between(0, 30), Arbitraries.of("a", "b"))
                .as(Op::new).list().ofMaxSize(max);
    }
}
