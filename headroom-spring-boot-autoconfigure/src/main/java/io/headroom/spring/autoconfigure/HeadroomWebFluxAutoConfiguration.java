package io.headroom.spring.autoconfigure;

import io.headroom.spring.HeadroomRegistry;
import io.headroom.spring.web.TrustedProxies;
import io.headroom.spring.webflux.ReactiveRateLimitFilter;
import java.util.ArrayList;
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
        TrustedProxies trusted;
        try {
            trusted = TrustedProxies.of(properties.web().trustedProxies());
        } catch (IllegalArgumentException e) {
            throw PropertyChecks.under("headroom.web").invalid("trusted-proxies", properties.web().trustedProxies(), e);
        }
        List<ReactiveRateLimitFilter.Rule> rules = new ArrayList<>();
        List<WebProperties.Rule> configured = properties.web().rules();
        for (int i = 0; i < configured.size(); i++) {
            WebProperties.Rule r = configured.get(i);
            PropertyChecks checks = PropertyChecks.under("headroom.web.rules[" + i + "]");
            if (r.limiter() == null || r.limiter().isBlank()) {
                throw checks.invalid("limiter", r.limiter(), "a rule names the limiter it takes permits from");
            }
            try {
                rules.add(ReactiveRateLimitFilter.Rule.of(r.paths(), r.limiter(), r.key(), registry));
            } catch (IllegalArgumentException e) {
                throw checks.invalid("limiter", r.limiter() + " " + r.paths() + " key=" + r.key(), e);
            }
        }
        // the handler mappings are created after this filter: resolved on the first request
        return new ReactiveRateLimitFilter(registry, () -> mappings.orderedStream().toList(), trusted, rules);
    }
}
