package io.headroom.firestore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.firestore.CollectionReference;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.ListenerRegistration;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import io.grpc.Status;
import io.headroom.BackendUnavailableException;
import io.headroom.counter.CounterConfig;
import io.headroom.page.Page;
import io.headroom.page.PageRequest;
import io.headroom.page.Sort;
import io.headroom.page.SortKey;
import io.headroom.testkit.contract.PageItem;
import io.headroom.testkit.firestore.FirestoreEmulator;
import io.headroom.testkit.firestore.FirestoreFault;
import io.headroom.testkit.firestore.InjectedFault;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Firestore counter and paginator under gRPC faults injected by the emulator (deterministic: which call fails
 * is exact), and the counter watched by a snapshot listener, as a user's live badge would.
 */
class FirestoreFaultInjectionIT {

    private final FirestoreEmulator emulator = FirestoreEmulator.shared();
    private final Firestore db = emulator.firestore("faults-" + UUID.randomUUID());

    @AfterEach
    void close() throws Exception {
        db.close();
    }

    private FirestoreShardedCounter counter(Duration timeout) {
        return FirestoreShardedCounter.create(FirestoreBackend.of(db), CounterConfig.builder()
                .coalescingWindow(Duration.ZERO).retryBackoff(Duration.ofMillis(10), Duration.ofMillis(100))
                .flushTimeout(Duration.ofSeconds(30)).build(), FirestoreSettings.builder().timeout(timeout).build());
    }

    @Test
    void counterCommitsFailingWithEachRetryableStatusAreRetriedAndCountedOnce() {
        try (FirestoreShardedCounter counter = counter(Duration.ofSeconds(5))) {
            long expected = 0;
            for (Status.Code code : new Status.Code[] {Status.Code.UNAVAILABLE, Status.Code.DEADLINE_EXCEEDED,
                    Status.Code.RESOURCE_EXHAUSTED, Status.Code.ABORTED}) {
                try (InjectedFault f = emulator.inject(db, FirestoreFault.on("Commit").document("headroom_counters")
                        .fail(code).times(2).build())) {
                    counter.increment("k", 1);
                    expected++;
                    counter.flush();
                    assertThat(f.applied()).as("%s applied", code).isEqualTo(2);
                }
                assertThat(counter.get("k")).as("after %s", code).isEqualTo(expected);
            }
        }
    }

    @Test
    void aCounterCommitAnsweredAfterTheTimeoutIsRetriedButCountedOnce() {
        try (FirestoreShardedCounter counter = counter(Duration.ofMillis(200))) {
            counter.increment("k", 1);
            counter.flush();
            // the next commit is applied, but answered only after the counter's 200 ms timeout: the retry carries
            // the same token and the counter takes its ALREADY_EXISTS as success
            InjectedFault f = emulator.inject(db, FirestoreFault.on("Commit").document("headroom_counters")
                    .delay(Duration.ofMillis(600)).times(1).build());
            counter.increment("k", 10);
            counter.flush();
            assertThat(f.applied()).isEqualTo(1);
            assertThat(counter.stats().retries()).isPositive();
            assertThat(counter.get("k")).isEqualTo(11);
        }
    }

    @Test
    void aSnapshotListenerOnTheShardsFollowsTheCounter() throws Exception {
        LinkedBlockingQueue<Long> totals = new LinkedBlockingQueue<>();
        CollectionReference shards = db.collection("headroom_counters").document("default~badge").collection("shards");
        ListenerRegistration reg = shards.addSnapshotListener((snap, e) -> {
            if (snap != null) {
                long sum = 0;
                for (QueryDocumentSnapshot d : snap.getDocuments()) {
                    sum += d.getLong("v");
                }
                totals.add(sum);
            }
        });
        try (FirestoreShardedCounter counter = counter(Duration.ofSeconds(5))) {
            assertThat(totals.poll(10, TimeUnit.SECONDS)).isZero();
            for (int i = 1; i <= 3; i++) {
                counter.increment("badge", 5);
                counter.flush();
                long want = 5L * i;
                Long seen;
                do {
                    seen = totals.poll(10, TimeUnit.SECONDS);
                    assertThat(seen).as("a snapshot with the total %d", want).isNotNull();
                } while (seen < want);
                assertThat(seen).isEqualTo(want).isEqualTo(counter.get("badge"));
            }
        } finally {
            reg.remove();
        }
    }

    private FirestorePaginator<PageItem> paginator(CollectionReference c, Duration timeout) {
        return FirestorePaginator.builder(c, PageItem.FIELDS,
                        d -> new PageItem(d.getId(), d.getLong("score"), d.getString("group")))
                .settings(FirestoreSettings.builder().timeout(timeout).build()).build();
    }

    private CollectionReference items() throws Exception {
        CollectionReference c = db.collection("items");
        for (int i = 0; i < 6; i++) {
            c.document("i" + i).set(Map.of("score", (long) i, "group", "a")).get();
        }
        return c;
    }

    @Test
    void aPageQueryFailingUnavailableOnceIsRetriedByTheClient() throws Exception {
        FirestorePaginator<PageItem> pages = paginator(items(), Duration.ofSeconds(5));
        InjectedFault f = emulator.inject(db, FirestoreFault.on("RunQuery").document("items")
                .fail(Status.Code.UNAVAILABLE).times(1).build());
        Page<PageItem> p = pages.page(PageRequest.builder(Sort.by(SortKey.asc("score"))).size(4).build());
        assertThat(p.items()).extracting(PageItem::id).containsExactly("i0", "i1", "i2", "i3");
        assertThat(f.applied()).isEqualTo(1);
    }

    @Test
    void aPageQueryAbortedOrTooSlowFailsAsAnOutageAndTheNextPageWorks() throws Exception {
        FirestorePaginator<PageItem> pages = paginator(items(), Duration.ofMillis(300));
        PageRequest first = PageRequest.builder(Sort.by(SortKey.asc("score"))).size(4).build();
        Page<PageItem> one = pages.page(first);
        emulator.inject(db, FirestoreFault.on("RunQuery").document("items").fail(Status.Code.ABORTED).times(1).build());
        assertThatThrownBy(() -> pages.page(first.next(one))).isInstanceOf(FirestoreContentionException.class);
        emulator.clearFaults(db);
        emulator.inject(db, FirestoreFault.on("RunQuery").document("items").delay(Duration.ofSeconds(1)).times(1).build());
        assertThatThrownBy(() -> pages.page(first.next(one))).isInstanceOf(BackendUnavailableException.class);
        emulator.clearFaults(db);
        assertThat(pages.page(first.next(one)).items()).extracting(PageItem::id).containsExactly("i4", "i5");
    }
}
