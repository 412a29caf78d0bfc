package io.headroom.spring.autoconfigure;

import io.headroom.cache.CacheAside;
import io.headroom.counter.ShardedCounter;
import io.headroom.notify.NotificationDispatcher;
import io.headroom.page.PaginatorConfig;
import io.headroom.presence.Presence;
import io.headroom.presence.Sessions;
import io.headroom.presence.Typing;
import io.headroom.ratelimit.RateLimiter;
import io.headroom.spring.HeadroomRegistry;
import java.util.Map;
import java.util.function.BiFunction;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * Registers one bean per configured primitive, named {@code headroom.<kind>.<name>} and qualified by its plain
 * name, so {@code @Qualifier("api-per-user") RateLimiter limiter} injects the limiter configured under
 * {@code headroom.rate-limit.limiters.api-per-user}. Each bean is the registry's instance. A bean of the
 * application's with the plain name replaces Headroom's (the registry then hands out the application's), so no
 * qualifier is ambiguous.
 */
final class NamedPrimitiveRegistrar implements BeanDefinitionRegistryPostProcessor, EnvironmentAware, BeanFactoryAware {

    private Environment environment;
    private BeanFactory beanFactory;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        this.beanFactory = beanFactory;
    }

    @Override
    public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) throws BeansException {
        Binder binder = Binder.get(environment);
        register(registry, binder, "headroom.rate-limit.limiters", "rateLimiter", RateLimiter.class,
                HeadroomRegistry::rateLimiter);
        register(registry, binder, "headroom.counter.counters", "counter", ShardedCounter.class,
                HeadroomRegistry::counter);
        register(registry, binder, "headroom.cache.caches", "cache", CacheAside.class, HeadroomRegistry::cache);
        register(registry, binder, "headroom.pagination.paginators", "paginatorConfig", PaginatorConfig.class,
                HeadroomRegistry::paginatorConfig);
        register(registry, binder, "headroom.dispatch.dispatchers", "dispatcher", NotificationDispatcher.class,
                HeadroomRegistry::dispatcher);
        register(registry, binder, "headroom.presence.trackers", "presence", Presence.class,
                HeadroomRegistry::presence);
        register(registry, binder, "headroom.typing.indicators", "typing", Typing.class, HeadroomRegistry::typing);
        register(registry, binder, "headroom.sessions.stores", "sessions", Sessions.class,
                HeadroomRegistry::sessions);
    }

    private <T> void register(BeanDefinitionRegistry registry, Binder binder, String prefix, String kind,
                              Class<T> type, BiFunction<HeadroomRegistry, String, ? extends T> lookup) {
        // only the names are read here; the values are bound (and checked) with HeadroomProperties
        Map<String, Object> entries = binder.bind(prefix, Bindable.mapOf(String.class, Object.class))
                .orElse(Map.of());
        for (String name : entries.keySet()) {
            if (registry.containsBeanDefinition(name)) {
                continue;
            }
            RootBeanDefinition def = new RootBeanDefinition(type);
            def.setInstanceSupplier(() -> lookup.apply(beanFactory.getBean(HeadroomRegistry.class), name));
            def.addQualifier(new AutowireCandidateQualifier(Qualifier.class, name));
            // the registry owns the lifecycle and its order (dispatchers drain before counters flush): Spring must
            // not close an AutoCloseable primitive on its own ("" turns off the inferred close())
            def.setDestroyMethodName("");
            registry.registerBeanDefinition("headroom." + kind + "." + name, def);
        }
    }
}
