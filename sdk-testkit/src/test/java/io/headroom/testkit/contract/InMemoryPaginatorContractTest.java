package io.headroom.testkit.contract;

import io.headroom.page.InMemoryPageStore;
import io.headroom.page.Paginator;
import io.headroom.page.PaginatorConfig;

/** The paginator contract against the embedded in-memory paginator. */
class InMemoryPaginatorContractTest extends PaginatorContract {

    @Override
    protected Store newStore() {
        InMemoryPageStore<PageItem> items = InMemoryPageStore.create(PageItem.FIELDS);
        return new Store() {
            @Override
            public Paginator<PageItem> paginator(PaginatorConfig config) {
                return Paginator.inMemory(config, items);
            }

            @Override
            public void put(PageItem item) {
                items.put(item);
            }

            @Override
            public void remove(PageItem item) {
                items.remove(item.id());
            }
        };
    }
}
