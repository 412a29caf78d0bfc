package io.headroom.page;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** Keeps the blocking and asynchronous forms of {@link Paginator} in step. */
class AsyncConsistencyTest {

    private static final Set<String> LOCAL = Set.of("config", "inMemory", "keyset");

    @Test
    void everyBlockingOperationHasAnAsyncTwin() throws Exception {
        int checked = 0;
        for (Method m : Paginator.class.getMethods()) {
            if (m.getName().endsWith("Async") || LOCAL.contains(m.getName())) {
                continue;
            }
            Method twin = Paginator.class.getMethod(m.getName() + "Async", m.getParameterTypes());
            assertThat(twin.getReturnType()).isEqualTo(CompletionStage.class);
            Type result = ((ParameterizedType) twin.getGenericReturnType()).getActualTypeArguments()[0];
            assertThat(result.getTypeName()).isEqualTo(m.getGenericReturnType().getTypeName());
            checked++;
        }
        assertThat(checked).isEqualTo(1);
    }
}
