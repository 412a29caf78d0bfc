package io.headroom.counter;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** Keeps the blocking and asynchronous forms of {@link ShardedCounter} in step, as Lettuce's consistency tests do. */
class CounterAsyncConsistencyTest {

    /** Methods that do no I/O and so need no asynchronous twin. */
    private static final Set<String> LOCAL = Set.of("config", "stats", "close", "inMemory");

    @Test
    void everyBlockingOperationHasAnAsyncTwinWithTheSameParameters() throws Exception {
        int checked = 0;
        for (Method m : ShardedCounter.class.getMethods()) {
            if (m.getName().endsWith("Async") || LOCAL.contains(m.getName())) {
                continue;
            }
            Method twin = ShardedCounter.class.getMethod(m.getName() + "Async", m.getParameterTypes());
            assertThat(twin.getReturnType()).as(twin.toString()).isEqualTo(CompletionStage.class);
            Type result = ((ParameterizedType) twin.getGenericReturnType()).getActualTypeArguments()[0];
            String expected = m.getGenericReturnType() == void.class ? "java.lang.Void"
                    : m.getGenericReturnType() == long.class ? "java.lang.Long" : m.getGenericReturnType().getTypeName();
            assertThat(result.getTypeName()).as(twin.toString()).isEqualTo(expected);
            checked++;
        }
        assertThat(checked).isEqualTo(6); // increment, get, getAll, reset, flush, awaitDurable
    }

    @Test
    void everyAsyncOperationHasABlockingTwin() {
        for (Method m : ShardedCounter.class.getMethods()) {
            if (m.getName().endsWith("Async")) {
                assertThat(Arrays.stream(ShardedCounter.class.getMethods()).anyMatch(
                        b -> b.getName().equals(m.getName().replace("Async", ""))
                                && Arrays.equals(b.getParameterTypes(), m.getParameterTypes()))).as(m.toString()).isTrue();
            }
        }
    }
}
