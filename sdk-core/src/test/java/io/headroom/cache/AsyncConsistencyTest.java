package io.headroom.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** Keeps the blocking and asynchronous forms of {@link CacheAside} in step (Lettuce's consistency tests model). */
class AsyncConsistencyTest {

    @Test
    void everyBlockingOperationHasAnAsyncTwinWithTheSameParameters() {
        int pairs = 0;
        for (Method m : CacheAside.class.getMethods()) {
            if (Modifier.isStatic(m.getModifiers()) || m.getName().endsWith("Async")
                    || m.getName().equals("stats") || m.getName().equals("config")
                    || m.getName().equals("close")) {
                continue;
            }
            Method twin = Arrays.stream(CacheAside.class.getMethods())
                    .filter(a -> a.getName().equals(m.getName() + "Async")
                            && a.getParameterCount() == m.getParameterCount())
                    .findFirst().orElseThrow(() -> new AssertionError("no async twin of " + m));
            assertThat(twin.getReturnType()).isEqualTo(CompletionStage.class);
            for (int i = 0; i < m.getParameterCount(); i++) {
                if (!m.getParameterTypes()[i].equals(java.util.function.Function.class)) {
                    assertThat(twin.getParameterTypes()[i]).as("parameter %d of %s", i, m)
                            .isEqualTo(m.getParameterTypes()[i]);
                }
            }
            pairs++;
        }
        assertThat(pairs).isEqualTo(5); // get, getAll, invalidate, invalidateAll(keys), invalidateAll()
    }
}
