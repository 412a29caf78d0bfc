package io.headroom.testkit.contract;

import io.headroom.page.FieldExtractor;

/**
 * The item the paginator contract pages: a unique id, an integral sort value with many duplicates, and a group
 * the contract filters by (a Redis partition, a Firestore {@code where}). Immutable.
 *
 * @param id the unique id
 * @param score the sort value
 * @param group the group, {@code "a"} or {@code "b"}
 */
public record PageItem(String id, long score, String group) {

    /** How paginators read a {@link PageItem}: fields {@code id}, {@code score}, {@code group}. */
    public static final FieldExtractor<PageItem> FIELDS = FieldExtractor.<PageItem>builder(PageItem::id)
            .field("score", PageItem::score)
            .field("group", PageItem::group)
            .build();

    /**
     * This item with another score.
     *
     * @param newScore the score
     * @return the updated copy
     */
    public PageItem withScore(long newScore) {
        return new PageItem(id, newScore, group);
    }
}
