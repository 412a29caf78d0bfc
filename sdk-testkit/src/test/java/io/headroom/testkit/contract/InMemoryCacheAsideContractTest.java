package io.headroom.testkit.contract;

import io.headroom.Ticker;
import io.headroom.cache.CacheAside;
import io.headroom.cache.CacheConfig;

/** The cache-aside contract against the embedded Caffeine cache. */
class InMemoryCacheAsideContractTest extends CacheAsideContract {

    @Override
    protected CacheAside<String, String> create(String namespace, CacheConfig<String> config, Ticker ticker) {
        return CacheAside.inMemory(config, ticker);
    }
}
