package io.headroom.spring.autoconfigure;

import io.headroom.spring.HeadroomRegistry;
import io.headroom.spring.web.TrustedProxies;
import io.headroom.spring.webflux.ReactiveRateLimitFilter;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.server.WebFilter;

/**
 * Rate limiting for Spring WebFlux: one {@link ReactiveRateLimitFilter} applying {@code @RateLimited} handler
 * methods and the path rules of {@code headroom.web.rules}. Off with {@code headroom.web.enabled=false}. A bad rule
 * fails the start naming its property.
 */
@AutoConfiguration(after = HeadroomAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass({WebFilter.class, HandlerMapping.class})
@ConditionalOnBooleanProperty(name = "headroom.web.enabled", matchIfMissing = true)
@EnableConfigurationProperties(HeadroomProperties.class)
public class HeadroomWebFluxAutoConfiguration {

    /** Created by Spring. */
    public HeadroomWebFluxAutoConfiguration() {
    }

    /**
     * The filter.
     *
     * @param properties the properties
     * @param registry the limiters
     * @param mappings the application's handler mappings, where {@code @RateLimited} methods are found
     * @return the filter
     */
    @Bean
    @ConditionalOnMissingBean
    public ReactiveRateLimitFilter headroomReactiveRateLimitFilter(HeadroomProperties properties,
            HeadroomRegistry registry, ObjectProvider<HandlerMapping> mappings) {
        TrustedProxies trusted = WebRules.trustedProxies(properties.web());
        List<ReactiveRateLimitFilter.Rule> rules = WebRules.compile(properties.web(),
                r -> ReactiveRateLimitFilter.Rule.of(r.paths(), r.limiter(), r.key(), registry));
        // the handler mappings are created after this filter: resolved on the first request
        return new ReactiveRateLimitFilter(registry, () -> mappings.orderedStream().toList(), trusted, rules);
    }
}
