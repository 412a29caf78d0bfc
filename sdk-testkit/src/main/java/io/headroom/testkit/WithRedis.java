package io.headroom.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Registers {@link RedisExtension} on a test class or method, so its constructor and methods can take
 * {@link RedisServer}, {@link RedisCluster}, {@link FaultProxy} and {@link ManualTicker} parameters.
 * Shorthand for {@code @ExtendWith(RedisExtension.class)}.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@ExtendWith(RedisExtension.class)
public @interface WithRedis {
}
