package io.headroom.benchmarks.page;

import com.google.cloud.firestore.CollectionReference;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.Query;
import com.google.cloud.firestore.WriteBatch;
import io.headroom.firestore.FirestorePaginator;
import io.headroom.firestore.FirestoreSettings;
import io.headroom.page.InMemoryPageStore;
import io.headroom.page.Page;
import io.headroom.page.PageRequest;
import io.headroom.page.Paginator;
import io.headroom.page.PaginatorConfig;
import io.headroom.page.Sort;
import io.headroom.page.SortKey;
import io.headroom.testkit.firestore.FirestoreEmulator;
import java.util.Locale;
import java.util.Map;

/**
 * Firestore cost of page 1, 10, 100 and 1000 (20 a page) over 100k documents, as billed document reads counted
 * by the in-process emulator's usage accounting (deterministic, so no JMH): Headroom's keyset
 * {@link FirestorePaginator} against {@code offset((page-1)*20).limit(20)}. Run with
 * {@code java -cp benchmarks/target/benchmarks.jar io.headroom.benchmarks.page.FirestoreBilledReads}.
 */
public final class FirestoreBilledReads {

    private FirestoreBilledReads() {
    }

    /**
     * Seeds the emulator and prints the table.
     *
     * @param args unused
     * @throws Exception when the emulator fails
     */
    public static void main(String[] args) throws Exception {
        int[] depths = {1, 10, 100, 1000};
        try (FirestoreEmulator emulator = FirestoreEmulator.start();
             Firestore db = emulator.firestore("billed-reads")) {
            CollectionReference c = db.collection("items");
            BenchItem[] items = BenchItem.generate();
            for (int from = 0; from < items.length; from += 500) {
                WriteBatch batch = db.batch();
                for (int i = from; i < Math.min(items.length, from + 500); i++) {
                    batch.set(c.document(items[i].id()), Map.of("score", items[i].score(), "group", items[i].group()));
                }
                batch.commit().get();
            }
            // the cursor of page n comes from an in-memory paginator with the same configuration: cursors depend
            // on the query and the keys, not on the backend, and the emulator sorts 100k documents per query, so
            // walking a thousand pages through it would take long
            PaginatorConfig config = PaginatorConfig.builder().name("items").build();
            InMemoryPageStore<BenchItem> store = InMemoryPageStore.create(BenchItem.FIELDS);
            store.putAll(java.util.List.of(items));
            Paginator<BenchItem> memory = Paginator.inMemory(config, store);
            FirestorePaginator<BenchItem> p = FirestorePaginator.builder(c, BenchItem.FIELDS,
                    d -> new BenchItem(d.getId(), d.getLong("score"), d.getString("group")))
                    .config(config)
                    .settings(FirestoreSettings.builder().timeout(java.time.Duration.ofSeconds(30)).build()).build();
            PageRequest first = PageRequest.builder(Sort.by(SortKey.desc("score"))).size(BenchItem.PAGE_SIZE).build();
            long[] keyset = new long[depths.length];
            long[] offset = new long[depths.length];
            Page<BenchItem> page = null;
            int d = 0;
            for (int n = 1; n <= depths[depths.length - 1]; n++) {
                PageRequest request = n == 1 ? first : first.next(page);
                page = memory.page(request);
                if (n == depths[d]) {
                    long before = emulator.usage(db).reads();
                    Page<BenchItem> fromFirestore = p.page(request);
                    keyset[d] = emulator.usage(db).reads() - before;
                    if (!fromFirestore.items().equals(page.items())) {
                        throw new IllegalStateException("page " + n + " differs between backends");
                    }
                    before = emulator.usage(db).reads();
                    c.orderBy("score", Query.Direction.DESCENDING).orderBy(com.google.cloud.firestore.FieldPath
                            .documentId(), Query.Direction.DESCENDING).offset((n - 1) * BenchItem.PAGE_SIZE)
                            .limit(BenchItem.PAGE_SIZE).get().get();
                    offset[d] = emulator.usage(db).reads() - before;
                    d++;
                }
            }
            System.out.println("Firestore billed reads per page (emulator usage accounting), 100k docs, 20 per page");
            System.out.println("| page | keyset reads | offset reads | keyset ÷ page 1 | offset ÷ page 1 |");
            System.out.println("|-----:|-------------:|-------------:|----------------:|----------------:|");
            for (int i = 0; i < depths.length; i++) {
                System.out.printf(Locale.ROOT, "| %d | %d | %d | %.2f | %.2f |%n", depths[i], keyset[i], offset[i],
                        (double) keyset[i] / keyset[0], (double) offset[i] / offset[0]);
            }
        }
    }
}
