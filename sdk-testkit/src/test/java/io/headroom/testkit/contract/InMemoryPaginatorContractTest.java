package io.headroom.testkit.contract;

import io.headroom.page.InMemoryPaginator;
import io.headroom.page.Paginator;
import io.headroom.page.PaginatorConfig;

/** The paginator contract against the embedded in-memory paginator. */
class InMemoryPaginatorContractTest extends PaginatorContract {

    @Override
    protected Store newStore() {
        InMemoryPaginator<PageItem> items = Paginator.inMemory(PageItem.FIELDS);
        return new Store() {
            @Override
            public Paginator<PageItem> paginator(PaginatorConfig config) {
                return items.withConfig(config);
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
