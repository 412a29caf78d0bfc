package io.headroom.spring.autoconfigure;

import io.headroom.opensearch.OpenSearchBackend;
import io.headroom.opensearch.OpenSearchSettings;
import io.headroom.spring.HeadroomSearchIndexes;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.ClassUtils;

/**
 * Search on OpenSearch: when sdk-opensearch is on the class path and {@code headroom.opensearch.hosts} is set (or
 * the application defines an {@link OpenSearchBackend} bean). Registers an {@code OpenSearchBackend} (backing off
 * from the application's; Headroom closes only its own), a {@link HeadroomSearchIndexes} that opens each
 * {@code headroom.search.indexes.<name>} on OpenSearch (Lucene still serves {@code backend=memory} and directory
 * indexes when sdk-search is present), and {@code headroomOpenSearchHealthIndicator} (cluster health).
 */
@AutoConfiguration(after = HeadroomAutoConfiguration.class, before = HeadroomSearchAutoConfiguration.class)
@ConditionalOnClass(OpenSearchBackend.class)
@Conditional(HeadroomOpenSearchAutoConfiguration.OpenSearchConfigured.class)
@EnableConfigurationProperties(HeadroomProperties.class)
public class HeadroomOpenSearchAutoConfiguration {

    private static final String LUCENE = "io.headroom.search.lucene.LuceneSearchIndex";

    /** Created by Spring. */
    public HeadroomOpenSearchAutoConfiguration() {
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    OpenSearchBackend headroomOpenSearchBackend(HeadroomProperties properties) {
        OpenSearchConnectionProperties p = properties.opensearch();
        PropertyChecks checks = PropertyChecks.under("headroom.opensearch");
        OpenSearchSettings.Builder b = OpenSearchSettings.builder();
        checks.set("hosts", p.hosts().isEmpty() ? null : p.hosts(), h -> b.hosts(h.toArray(String[]::new)));
        checks.set("connect-timeout", p.connectTimeout(), b::connectTimeout);
        checks.set("call-timeout", p.callTimeout(), b::callTimeout);
        checks.set("index-prefix", p.indexPrefix(), b::indexPrefix);
        if (p.username() != null) {
            if (p.password() == null) {
                throw checks.invalid("password", null, "headroom.opensearch.username needs a password");
            }
            // the password never reaches a message
            checks.set("username", p.username(), u -> b.credentials(u, p.password()));
        }
        return OpenSearchBackend.connect(checks.build(b::build));
    }

    @Bean
    @ConditionalOnMissingBean
    HeadroomSearchIndexes headroomSearchIndexes(HeadroomProperties properties, OpenSearchBackend backend,
                                                ObjectProvider<PrimitiveMetrics> metrics) {
        SearchIndexOpener lucene = ClassUtils.isPresent(LUCENE, getClass().getClassLoader())
                ? new LuceneSearchIndexOpener() : null;
        return new ConfiguredSearchIndexes(properties.search(), metrics.getIfAvailable(() -> PrimitiveMetrics.NONE),
                new OpenSearchIndexOpener(backend, lucene));
    }

    /** Health: the cluster's health colour. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    static class Health {

        @Bean
        @ConditionalOnMissingBean(name = "headroomOpenSearchHealthIndicator")
        HealthIndicator headroomOpenSearchHealthIndicator(OpenSearchBackend backend) {
            return new OpenSearchHealthIndicator(backend);
        }
    }

    /** OpenSearch is configured: hosts or an {@code OpenSearchBackend} bean. */
    static final class OpenSearchConfigured extends AnyNestedCondition {

        OpenSearchConfigured() {
            super(ConfigurationPhase.REGISTER_BEAN);
        }

        @ConditionalOnProperty(prefix = "headroom.opensearch", name = "hosts")
        static final class Hosts {
        }

        @ConditionalOnBean(OpenSearchBackend.class)
        static final class Client {
        }
    }
}
