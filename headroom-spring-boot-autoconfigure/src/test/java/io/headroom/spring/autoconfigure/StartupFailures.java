package io.headroom.spring.autoconfigure;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;

/**
 * The property a failed start names, as Spring Boot's failure analyzers read it: a binding failure
 * ({@link BindException}) or a value the SDK refused ({@link InvalidConfigurationPropertyValueException}).
 */
final class StartupFailures {

    private StartupFailures() {
    }

    /** The named property and the reason, e.g. {@code "headroom.cache.caches.profile.ttl: ttl must be positive"}. */
    static String property(AssertableApplicationContext ctx) {
        Throwable t = ctx.getStartupFailure();
        if (t == null) {
            throw new AssertionError("the context started");
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof BindException b) {
                Throwable reason = b.getCause();
                while (reason != null && reason.getCause() != null) {
                    reason = reason.getCause();
                }
                return b.getProperty().getName() + ": " + (reason == null ? "" : reason.getMessage());
            }
            if (c instanceof InvalidConfigurationPropertyValueException v) {
                return v.getName() + ": " + v.getReason();
            }
        }
        throw new AssertionError("the start failed without naming a property", t);
    }
}
