package io.headroom.spring.autoconfigure;

import io.headroom.search.lucene.LuceneSearchIndex;
import io.headroom.spring.HeadroomSearchIndexes;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Search on Lucene: when sdk-search is on the class path, a {@link HeadroomSearchIndexes} bean opens the indexes
 * configured under {@code headroom.search.indexes.<name>} (a {@code directory}, or in memory).
 * {@link HeadroomOpenSearchAutoConfiguration}, when OpenSearch is configured, registers its own first.
 */
@AutoConfiguration(after = HeadroomAutoConfiguration.class)
@ConditionalOnClass(LuceneSearchIndex.class)
@EnableConfigurationProperties(HeadroomProperties.class)
public class HeadroomSearchAutoConfiguration {

    /** Created by Spring. */
    public HeadroomSearchAutoConfiguration() {
    }

    @Bean
    @ConditionalOnMissingBean
    HeadroomSearchIndexes headroomSearchIndexes(HeadroomProperties properties, ObjectProvider<PrimitiveMetrics> metrics) {
        return new ConfiguredSearchIndexes(properties.search(), metrics.getIfAvailable(() -> PrimitiveMetrics.NONE),
                new LuceneSearchIndexOpener());
    }
}
