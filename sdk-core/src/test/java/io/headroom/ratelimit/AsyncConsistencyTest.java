package io.headroom.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** Keeps the blocking and asynchronous forms of the public API in step, as Lettuce's consistency tests do. */
class AsyncConsistencyTest {

    /** Methods that do no I/O and so need no asynchronous twin. */
    private static final Set<String> LOCAL = Set.of("config", "decorate", "inMemory");

    @Test
    void everyBlockingOperationHasAnAsyncTwinWithTheSameParameters() throws Exception {
        int checked = 0;
        for (Method m : RateLimiter.class.getMethods()) {
            if (m.getName().endsWith("Async") || LOCAL.contains(m.getName())) {
                continue;
            }
            Method twin = RateLimiter.class.getMethod(m.getName() + "Async", asyncParameters(m));
            assertThat(twin.getReturnType()).as(twin.toString()).isEqualTo(CompletionStage.class);
            Type result = ((ParameterizedType) twin.getGenericReturnType()).getActualTypeArguments()[0];
            assertThat(result.getTypeName()).as(twin.toString()).isEqualTo(m.getGenericReturnType().getTypeName());
            checked++;
        }
        assertThat(checked).isEqualTo(3); // tryAcquire(key), tryAcquire(key, permits), execute
    }

    @Test
    void everyAsyncOperationHasABlockingTwin() {
        long twins = Arrays.stream(RateLimiter.class.getMethods())
                .filter(m -> m.getName().endsWith("Async"))
                .filter(m -> Arrays.stream(RateLimiter.class.getMethods()).anyMatch(
                        b -> b.getName().equals(m.getName().replace("Async", ""))
                                && b.getParameterCount() == m.getParameterCount()))
                .count();
        assertThat(twins).isEqualTo(Arrays.stream(RateLimiter.class.getMethods())
                .filter(m -> m.getName().endsWith("Async")).count());
    }

    private static Class<?>[] asyncParameters(Method m) {
        Class<?>[] p = m.getParameterTypes().clone();
        // execute(key, Supplier<T>) pairs with executeAsync(key, Supplier<CompletionStage<T>>): same raw types
        return p;
    }
}
