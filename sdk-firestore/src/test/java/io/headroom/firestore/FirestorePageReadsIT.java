package io.headroom.firestore;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.firestore.CollectionReference;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.Query;
import com.google.cloud.firestore.WriteBatch;
import io.headroom.page.Page;
import io.headroom.page.PageRequest;
import io.headroom.page.Sort;
import io.headroom.page.SortKey;
import io.headroom.testkit.contract.PageItem;
import io.headroom.testkit.firestore.FirestoreEmulator;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Billed reads per page from the emulator's usage accounting: a keyset page bills size + 1 reads at any depth;
 * an offset page bills every skipped document too.
 */
class FirestorePageReadsIT {

    @Test
    void keysetPagesBillSizePlusOneReadsAtAnyDepthWhileOffsetPagesBillTheSkippedOnes() throws Exception {
        FirestoreEmulator emulator = FirestoreEmulator.shared();
        try (Firestore db = emulator.firestore("page-reads-" + UUID.randomUUID())) {
            CollectionReference c = db.collection("items");
            for (int b = 0; b < 5; b++) {
                WriteBatch batch = db.batch();
                for (int i = 0; i < 400; i++) {
                    int n = b * 400 + i;
                    batch.set(c.document(String.format("i%05d", n)), Map.of("score", n % 50, "group", "a"));
                }
                batch.commit().get();
            }
            FirestorePaginator<PageItem> p = FirestorePaginatorIT.paginator(c);
            PageRequest first = PageRequest.builder(Sort.by(SortKey.desc("score"))).size(20).build();
            Page<PageItem> page = p.page(first);
            for (int n = 2; n <= 100; n++) {
                long before = emulator.usage(db).reads();
                page = p.page(first.next(page));
                assertThat(emulator.usage(db).reads() - before).as("reads of keyset page %d", n)
                        .isEqualTo(n < 100 ? 21 : 20); // the last page finds no 21st document
            }
            assertThat(page.hasNext()).isFalse();
            long before = emulator.usage(db).reads();
            c.orderBy("score", Query.Direction.DESCENDING).offset(99 * 20).limit(20).get().get();
            assertThat(emulator.usage(db).reads() - before).as("offset page 100").isEqualTo(99 * 20 + 20);
        }
    }
}
