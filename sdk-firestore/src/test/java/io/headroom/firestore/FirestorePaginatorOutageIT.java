package io.headroom.firestore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.firestore.CollectionReference;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.FirestoreOptions;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.headroom.BackendUnavailableException;
import io.headroom.page.Page;
import io.headroom.page.PageRequest;
import io.headroom.page.Sort;
import io.headroom.page.SortKey;
import io.headroom.testkit.FaultProxy;
import io.headroom.testkit.contract.PageItem;
import io.headroom.testkit.firestore.FirestoreEmulator;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The Firestore paginator's outage policy (fail fast) with the emulator behind the fault-injecting TCP proxy: a
 * black-holed Firestore fails a page with {@link BackendUnavailableException} within the timeout, the breaker
 * opens, and paging resumes by itself with the cursor issued before the outage.
 */
class FirestorePaginatorOutageIT {

    @Test
    void unreachableFirestoreFailsFastAndPagingResumes() throws Exception {
        FirestoreEmulator emulator = FirestoreEmulator.shared();
        String project = "page-outage-" + UUID.randomUUID();
        try (FaultProxy proxy = FaultProxy.start("127.0.0.1", emulator.port());
             Firestore db = FirestoreOptions.newBuilder().setProjectId(project)
                     .setEmulatorHost("127.0.0.1:" + proxy.port()).build().getService()) {
            CollectionReference c = db.collection("items");
            for (int i = 0; i < 10; i++) {
                c.document("o" + i).set(Map.of("score", i, "group", "a")).get();
            }
            FirestorePaginator<PageItem> items = FirestorePaginator.builder(c, PageItem.FIELDS,
                            d -> new PageItem(d.getId(), d.getLong("score"), d.getString("group")))
                    .settings(FirestoreSettings.builder().timeout(Duration.ofMillis(500)).build()).build();
            PageRequest first = PageRequest.builder(Sort.by(SortKey.asc("score"))).size(4).build();
            Page<PageItem> one = items.page(first);

            proxy.blackhole();
            for (int i = 0; i < 12; i++) {
                assertThatThrownBy(() -> items.page(first.next(one)))
                        .isInstanceOf(BackendUnavailableException.class)
                        .hasMessageContaining("Firestore");
            }
            assertThat(items.circuitBreaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);

            proxy.heal();
            Instant deadline = Instant.now().plusSeconds(30);
            Page<PageItem> two = null;
            while (two == null) {
                try {
                    two = items.page(first.next(one));
                } catch (BackendUnavailableException e) {
                    if (Instant.now().isAfter(deadline)) {
                        throw new AssertionError("paging did not resume within 30 s", e);
                    }
                    Thread.sleep(200);
                }
            }
            assertThat(two.items()).extracting(PageItem::id).containsExactly("o4", "o5", "o6", "o7");
        }
    }
}
