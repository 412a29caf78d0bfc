package io.headroom.spring.autoconfigure;

import io.headroom.search.DocumentMapper;
import io.headroom.search.SearchConfig;
import io.headroom.search.SearchIndex;
import io.headroom.spring.HeadroomSearchIndexes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Opens the configured indexes through a {@link SearchIndexOpener} (Lucene, or OpenSearch with Lucene for the
 * in-memory and directory ones) and closes them at shutdown.
 */
final class ConfiguredSearchIndexes implements HeadroomSearchIndexes, DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(ConfiguredSearchIndexes.class);

    private final Map<String, SearchProperties.Index> settings;
    private final Map<String, SearchConfig> configs = new LinkedHashMap<>();
    private final PrimitiveMetrics metrics;
    private final SearchIndexOpener opener;
    private final Map<String, Opened> opened = new LinkedHashMap<>();
    private final List<SearchIndex<?>> owned = new ArrayList<>();

    private record Opened(DocumentMapper<?> mapper, SearchIndex<?> index) {
    }

    ConfiguredSearchIndexes(SearchProperties properties, PrimitiveMetrics metrics, SearchIndexOpener opener) {
        this.settings = properties.indexes();
        this.metrics = metrics;
        this.opener = opener;
        // configs are checked at startup, so a bad property fails the start even before an index is opened
        settings.forEach((name, p) -> {
            configs.put(name, PrimitiveConfigs.search(name, p));
            String refused = opener.refuses(p);
            if (refused != null) {
                throw new InvalidConfigurationPropertyValueException("headroom.search.indexes." + name + ".backend",
                        p.backend(), refused);
            }
        });
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized <T> SearchIndex<T> open(String name, DocumentMapper<T> mapper) {
        if (name == null || mapper == null) {
            throw new IllegalArgumentException("name and mapper must not be null");
        }
        SearchConfig config = configs.get(name);
        if (config == null) {
            throw new IllegalArgumentException("no search index named '" + name + "': configure "
                    + "headroom.search.indexes." + name + ".directory; configured: " + configs.keySet());
        }
        Opened o = opened.get(name);
        if (o != null) {
            if (o.mapper() != mapper) {
                throw new IllegalArgumentException("search index '" + name + "' is already open with another mapper");
            }
            return (SearchIndex<T>) o.index();
        }
        SearchProperties.Index p = settings.get(name);
        SearchIndex<T> index = opener.open(p, config, mapper);
        owned.add(index);
        SearchIndex<T> bound = metrics.bind(index);
        opened.put(name, new Opened(mapper, bound));
        return bound;
    }

    @Override
    public Set<String> names() {
        return Collections.unmodifiableSet(configs.keySet());
    }

    @Override
    public synchronized void destroy() {
        for (SearchIndex<?> index : owned) {
            try {
                index.close();
            } catch (RuntimeException e) {
                LOG.warn("closing search index {} failed", index, e);
            }
        }
        owned.clear();
    }
}
