package io.headroom.spring.autoconfigure;

import io.headroom.spring.HeadroomRegistry;
import io.headroom.spring.web.ClientIpKeyResolver;
import io.headroom.spring.web.RateLimitFilter;
import io.headroom.spring.web.RateLimitInterceptor;
import io.headroom.spring.web.RateLimitKeys;
import io.headroom.spring.web.TrustedProxies;
import java.util.List;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Rate limiting for Spring MVC: {@code @RateLimited} handlers (an interceptor) and the path rules of
 * {@code headroom.web.rules} (a servlet filter, registered only when rules exist). Off with
 * {@code headroom.web.enabled=false}. A bad rule (unknown limiter, bad key or pattern) fails the start naming its
 * property.
 */
@AutoConfiguration(after = HeadroomAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(WebMvcConfigurer.class)
@ConditionalOnBooleanProperty(name = "headroom.web.enabled", matchIfMissing = true)
@EnableConfigurationProperties(HeadroomProperties.class)
public class HeadroomWebMvcAutoConfiguration {

    /** Created by Spring. */
    public HeadroomWebMvcAutoConfiguration() {
    }

    /**
     * How request keys are found: client IP behind {@code headroom.web.trusted-proxies}, principal, header, bean.
     *
     * @param properties the properties
     * @param beans where {@code bean:<name>} resolvers are found
     * @return the keys
     */
    @Bean
    @ConditionalOnMissingBean
    public RateLimitKeys headroomRateLimitKeys(HeadroomProperties properties, BeanFactory beans) {
        TrustedProxies trusted = WebRules.trustedProxies(properties.web());
        return new RateLimitKeys(new ClientIpKeyResolver(trusted), beans);
    }

    /**
     * Applies {@code @RateLimited}.
     *
     * @param registry the limiters
     * @param keys the request keys
     * @return the interceptor
     */
    @Bean
    @ConditionalOnMissingBean
    public RateLimitInterceptor headroomRateLimitInterceptor(HeadroomRegistry registry, RateLimitKeys keys) {
        return new RateLimitInterceptor(registry, keys);
    }

    /**
     * Registers the interceptor with Spring MVC.
     *
     * @param interceptor the interceptor
     * @return the configurer
     */
    @Bean
    public WebMvcConfigurer headroomRateLimitConfigurer(RateLimitInterceptor interceptor) {
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(interceptor);
            }
        };
    }

    /**
     * The path rules, when {@code headroom.web.rules} has any.
     *
     * @param properties the properties
     * @param registry the limiters
     * @param keys the request keys
     * @return the filter
     */
    @Bean
    @ConditionalOnMissingBean
    @org.springframework.context.annotation.Conditional(HasRules.class)
    public RateLimitFilter headroomRateLimitFilter(HeadroomProperties properties, HeadroomRegistry registry,
                                                   RateLimitKeys keys) {
        List<RateLimitFilter.Rule> rules = WebRules.compile(properties.web(),
                r -> RateLimitFilter.Rule.of(r.paths(), r.limiter(), r.key(), registry, keys));
        return new RateLimitFilter(rules, keys);
    }

    /** {@code headroom.web.rules[0]} is set. */
    static final class HasRules extends org.springframework.boot.autoconfigure.condition.SpringBootCondition {

        @Override
        public org.springframework.boot.autoconfigure.condition.ConditionOutcome getMatchOutcome(
                org.springframework.context.annotation.ConditionContext context,
                org.springframework.core.type.AnnotatedTypeMetadata metadata) {
            org.springframework.boot.context.properties.source.ConfigurationPropertyName rules =
                    org.springframework.boot.context.properties.source.ConfigurationPropertyName.of("headroom.web.rules");
            boolean any = false;
            for (var source : org.springframework.boot.context.properties.source.ConfigurationPropertySources
                    .get(context.getEnvironment())) {
                any |= source.containsDescendantOf(rules)
                        == org.springframework.boot.context.properties.source.ConfigurationPropertyState.PRESENT;
            }
            return any ? org.springframework.boot.autoconfigure.condition.ConditionOutcome.match("headroom.web.rules set")
                    : org.springframework.boot.autoconfigure.condition.ConditionOutcome.noMatch("no headroom.web.rules");
        }
    }
}
