package io.headroom.consumer;

import io.headroom.counter.CounterConfig;
import io.headroom.counter.ShardedCounter;
import io.headroom.ratelimit.Bandwidth;
import io.headroom.ratelimit.RateLimitConfig;
import io.headroom.ratelimit.RateLimiter;
import io.headroom.redis.RedisOptions;
import io.lettuce.core.RedisURI;
import java.lang.module.ModuleDescriptor;
import java.time.Duration;

/** Uses two primitives on the module path, then checks that Headroom's internals stay sealed. */
public final class Main {

    private Main() {
    }

    /**
     * Runs the checks; exits non-zero on the first that fails.
     *
     * @param args unused
     * @throws Exception when a check cannot run
     */
    public static void main(String[] args) throws Exception {
        RateLimiter limiter = RateLimiter.inMemory(RateLimitConfig.builder().name("consumer")
                .bandwidth(Bandwidth.of(2, Duration.ofMinutes(1))).build());
        boolean first = limiter.tryAcquire("u").allowed();
        boolean second = limiter.tryAcquire("u").allowed();
        boolean third = limiter.tryAcquire("u").allowed();
        check(first && second && !third, "limiter admits 2 of 3");
        System.out.println("limiter: " + first + " " + second + " " + third);

        try (ShardedCounter counter = ShardedCounter.inMemory(CounterConfig.builder().name("consumer").build())) {
            counter.increment("c", 5);
            check(counter.get("c") == 5, "counter reads 5");
            System.out.println("counter: " + counter.get("c"));
        }

        // sdk-redis resolves with Lettuce (an automatic module) read through 'requires transitive'
        RedisOptions options = RedisOptions.builder().timeout(Duration.ofMillis(250)).build();
        RedisURI uri = RedisURI.create("redis://127.0.0.1:6379");
        check(options.timeout().toMillis() == 250 && uri.getPort() == 6379, "Redis options and URI");
        System.out.println("redis: " + RedisOptions.class.getModule().getName() + " reads "
                + RedisURI.class.getModule().getName());

        Module core = RateLimiter.class.getModule();
        check(core.isNamed() && core.getName().equals("io.headroom.core"), "sdk-core is the named module "
                + "io.headroom.core, was " + core);
        Module self = Main.class.getModule();
        check(core.isExported("io.headroom.ratelimit", self), "io.headroom.ratelimit is exported");
        check(core.isExported("io.headroom.spi", self), "io.headroom.spi is exported");
        check(!core.isExported("io.headroom.internal", self), "io.headroom.internal is not exported to us");
        for (ModuleDescriptor.Exports e : core.getDescriptor().exports()) {
            check(!e.source().contains("internal") || e.isQualified(),
                    e.source() + " is exported to everyone");
        }
        // reflection cannot reach what is not exported either
        Class<?> arguments = Class.forName("io.headroom.internal.Arguments");
        try {
            arguments.getMethod("notNull", Object.class, String.class).invoke(null, "x", "x");
            check(false, "io.headroom.internal.Arguments is reachable by reflection");
        } catch (IllegalAccessException expected) {
            System.out.println("internal: sealed (" + expected.getClass().getSimpleName() + ")");
        }
        System.out.println("module path consumer: OK");
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            System.out.println("FAILED: " + what);
            System.exit(1);
        }
    }
}
