package io.headroom.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** Every I/O operation of {@link NotificationDispatcher} has an asynchronous twin with the same parameters. */
class NotifyAsyncConsistencyTest {

    @Test
    void everyBlockingOperationHasAnAsyncTwin() throws Exception {
        for (String op : new String[] {"submit", "flush", "close"}) {
            Method sync = Arrays.stream(NotificationDispatcher.class.getMethods())
                    .filter(m -> m.getName().equals(op) && !Modifier.isStatic(m.getModifiers())).findFirst().orElseThrow();
            Method async = NotificationDispatcher.class.getMethod(op + "Async", sync.getParameterTypes());
            assertThat(async.getReturnType()).isEqualTo(CompletionStage.class);
        }
        for (Method m : NotificationDispatcher.class.getMethods()) {
            if (m.getName().endsWith("Async")) {
                String sync = m.getName().substring(0, m.getName().length() - 5);
                assertThat(NotificationDispatcher.class.getMethod(sync, m.getParameterTypes())).isNotNull();
            }
        }
    }
}
