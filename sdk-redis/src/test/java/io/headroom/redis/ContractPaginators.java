package io.headroom.redis;

import io.headroom.page.Paginator;
import io.headroom.page.PaginatorConfig;
import io.headroom.testkit.contract.PageItem;
import io.headroom.testkit.contract.PaginatorContract;
import java.time.Duration;
import java.util.UUID;

/** Builds the Redis stores the paginator contract runs against, on any backend, each under a prefix of its own. */
final class ContractPaginators {

    private ContractPaginators() {
    }

    static String encode(PageItem item) {
        return item.id() + '\t' + item.score() + '\t' + item.group();
    }

    static PageItem decode(String s) {
        String[] p = s.split("\t", 3);
        return new PageItem(p[0], Long.parseLong(p[1]), p[2]);
    }

    static PaginatorContract.Store store(RedisBackend backend) {
        RedisPaginator<PageItem> items = RedisPaginator.builder(backend, PageItem.FIELDS)
                .scoreField("score")
                .partitionBy("group")
                .codec(ContractPaginators::encode, ContractPaginators::decode)
                .collection("contract")
                .options(RedisOptions.builder()
                        .keyPrefix("contract:" + UUID.randomUUID() + ":")
                        .timeout(Duration.ofSeconds(10)) // a loaded 2-core CI box must not fail calls
                        .build())
                .build();
        return new PaginatorContract.Store() {
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
                items.remove(item);
            }
        };
    }
}
