package io.headroom.firestore;

import com.google.cloud.firestore.CollectionReference;
import com.google.cloud.firestore.Firestore;
import io.headroom.page.Paginator;
import io.headroom.page.PaginatorConfig;
import io.headroom.testkit.contract.PageItem;
import io.headroom.testkit.contract.PaginatorContract;
import io.headroom.testkit.firestore.FirestoreEmulator;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** The paginator contract, unchanged, against the in-process Firestore emulator driven by the real client. */
class FirestorePaginatorIT extends PaginatorContract {

    private static Firestore db;

    @BeforeContainer
    static void connect() {
        db = FirestoreEmulator.shared().firestore("page-contract-" + UUID.randomUUID());
    }

    @AfterContainer
    static void disconnect() throws Exception {
        db.close();
    }

    static FirestorePaginator<PageItem> paginator(CollectionReference c) {
        return FirestorePaginator.builder(c, PageItem.FIELDS,
                        d -> new PageItem(d.getId(), d.getLong("score"), d.getString("group")))
                // a loaded 2-core CI box must not fail calls
                .settings(FirestoreSettings.builder().timeout(java.time.Duration.ofSeconds(20)).build())
                .build();
    }

    @Override
    protected Store newStore() {
        CollectionReference c = db.collection("items-" + UUID.randomUUID());
        FirestorePaginator<PageItem> items = paginator(c);
        return new Store() {
            @Override
            public Paginator<PageItem> paginator(PaginatorConfig config) {
                return items.withConfig(config);
            }

            @Override
            public void put(PageItem item) {
                await(() -> c.document(item.id()).set(Map.of("score", item.score(), "group", item.group())).get());
            }

            @Override
            public void remove(PageItem item) {
                await(() -> c.document(item.id()).delete().get());
            }
        };
    }

    private interface Call {
        Object run() throws InterruptedException, ExecutionException;
    }

    private static void await(Call call) {
        try {
            call.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }
}
