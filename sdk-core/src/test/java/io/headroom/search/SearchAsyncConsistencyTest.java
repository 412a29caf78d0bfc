package io.headroom.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** Keeps the blocking and asynchronous forms of {@link SearchIndex} in step, as Lettuce's consistency tests do. */
class SearchAsyncConsistencyTest {

    /** Methods that do no I/O and so need no asynchronous twin. */
    private static final Set<String> LOCAL = Set.of("config", "close");

    @Test
    void everyBlockingOperationHasAnAsyncTwinWithTheSameParameters() throws Exception {
        int checked = 0;
        for (Method m : SearchIndex.class.getMethods()) {
            if (m.getName().endsWith("Async") || LOCAL.contains(m.getName())) {
                continue;
            }
            Method twin = SearchIndex.class.getMethod(m.getName() + "Async", m.getParameterTypes());
            assertThat(twin.getReturnType()).as(twin.toString()).isEqualTo(CompletionStage.class);
            Type result = ((ParameterizedType) twin.getGenericReturnType()).getActualTypeArguments()[0];
            String expected = m.getGenericReturnType() == void.class ? "java.lang.Void"
                    : m.getGenericReturnType().getTypeName();
            assertThat(result.getTypeName()).as(twin.toString()).isEqualTo(expected);
            assertThat(twin.getGenericParameterTypes()).as(twin.toString()).isEqualTo(m.getGenericParameterTypes());
            checked++;
        }
        assertThat(checked).isEqualTo(4); // upsert, delete, refresh, search
    }

    @Test
    void everyAsyncOperationHasABlockingTwin() {
        for (Method m : SearchIndex.class.getMethods()) {
            if (m.getName().endsWith("Async")) {
                assertThat(Arrays.stream(SearchIndex.class.getMethods()).anyMatch(
                        b -> b.getName().equals(m.getName().replace("Async", ""))
                                && Arrays.equals(b.getParameterTypes(), m.getParameterTypes()))).as(m.toString())
                        .isTrue();
            }
        }
    }
}
