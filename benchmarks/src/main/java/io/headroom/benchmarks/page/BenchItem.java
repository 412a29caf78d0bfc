package io.headroom.benchmarks.page;

import io.headroom.page.FieldExtractor;
import java.util.SplittableRandom;

/** The item the paging benchmarks page: id, a score with many ties (0..999), a group. */
record BenchItem(String id, long score, String group) {

    static final int COUNT = 100_000;
    static final int PAGE_SIZE = 20;

    static final FieldExtractor<BenchItem> FIELDS = FieldExtractor.<BenchItem>builder(BenchItem::id)
            .field("score", BenchItem::score).field("group", BenchItem::group).build();

    static BenchItem[] generate() {
        SplittableRandom r = new SplittableRandom(42);
        BenchItem[] out = new BenchItem[COUNT];
        for (int i = 0; i < COUNT; i++) {
            out[i] = new BenchItem(String.format("item%06d", i), r.nextInt(1_000), "g");
        }
        return out;
    }

    String encode() {
        return id + '\t' + score + '\t' + group;
    }

    static BenchItem decode(String s) {
        String[] p = s.split("\t", 3);
        return new BenchItem(p[0], Long.parseLong(p[1]), p[2]);
    }
}
