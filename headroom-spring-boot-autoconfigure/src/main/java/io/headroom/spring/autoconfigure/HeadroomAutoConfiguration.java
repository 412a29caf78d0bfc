package io.headroom.spring.autoconfigure;

import io.headroom.spi.PushProvider;
import io.headroom.spring.HeadroomRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Headroom's primitives from {@code headroom.*} properties: every configured rate limiter, counter, cache,
 * paginator configuration and dispatcher, in memory unless a Redis or Firestore backend is configured (see
 * {@link HeadroomRedisAutoConfiguration}, {@link HeadroomFirestoreAutoConfiguration}), collected in a
 * {@link HeadroomRegistry} bean and registered as beans qualified by name. Backs off from a {@code HeadroomRegistry}
 * the application defines, and from any primitive whose name is a bean name of the application's.
 */
@AutoConfiguration
@EnableConfigurationProperties(HeadroomProperties.class)
public class HeadroomAutoConfiguration {

    /** Created by Spring. */
    public HeadroomAutoConfiguration() {
    }

    /**
     * Reads {@code 100/1m} style bandwidths from properties.
     *
     * @return the converter
     */
    @Bean
    @ConfigurationPropertiesBinding
    static BandwidthConverter headroomBandwidthConverter() {
        return new BandwidthConverter();
    }

    /**
     * Registers a bean per configured primitive, qualified by its name.
     *
     * @return the registrar
     */
    @Bean
    static NamedPrimitiveRegistrar headroomNamedPrimitives() {
        return new NamedPrimitiveRegistrar();
    }

    @Bean
    @ConditionalOnMissingBean
    HeadroomRegistry headroomRegistry(HeadroomProperties properties, ObjectProvider<PrimitiveBackend> backends,
                                      ObjectProvider<PrimitiveMetrics> metrics, ObjectProvider<PushProvider> push,
                                      ListableBeanFactory beans) {
        return new DefaultHeadroomRegistry(properties, backends.orderedStream().toList(),
                metrics.getIfAvailable(() -> PrimitiveMetrics.NONE), push.getIfUnique(), beans);
    }

    /** Binds every primitive's meters when Micrometer and a {@code MeterRegistry} bean exist. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    static class Metrics {

        @Bean
        PrimitiveMetrics headroomPrimitiveMetrics(ObjectProvider<MeterRegistry> registry) {
            MeterRegistry r = registry.getIfUnique();
            return r == null ? PrimitiveMetrics.NONE : new MicrometerPrimitiveMetrics(r);
        }
    }
}
