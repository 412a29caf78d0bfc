package io.headroom.testkit;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that hands real servers to tests as constructor or method parameters; register it with
 * {@code @ExtendWith(RedisExtension.class)} or {@link WithRedis @WithRedis}.
 *
 * <p>It resolves parameters of these types:
 * <ul>
 *   <li>{@link RedisServer}: the JVM-wide {@linkplain RedisServer#shared() shared} standalone server, started
 *       on first use. It is not flushed between tests.</li>
 *   <li>{@link RedisCluster}: the JVM-wide {@linkplain RedisCluster#shared() shared} three-master cluster,
 *       started only when a test first asks for it.</li>
 *   <li>{@link FaultProxy}: a fresh proxy in front of the shared standalone server, closed when the test
 *       method ends (for a constructor parameter of a per-class test instance: when the class ends).</li>
 *   <li>{@link ManualTicker}: a fresh ticker reading 0.</li>
 * </ul>
 *
 * <pre>{@code
 * @WithRedis
 * class MyIT {
 *     @Test
 *     void survivesOutage(FaultProxy proxy, ManualTicker ticker) { ... }
 * }
 * }</pre>
 *
 * <p>Stateless and thread-safe; the servers are shared by all tests of the JVM.
 */
public final class RedisExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RedisExtension.class);

    /** Creates the extension; JUnit does this when it meets {@code @ExtendWith(RedisExtension.class)}.
     *
     * @throws IllegalStateException when the JUnit Platform is older than 1.14 ({@link JUnitRequirement})
     */
    public RedisExtension() {
        // a clear message instead of a NoClassDefFoundError when another BOM mixed an older JUnit in
        JUnitRequirement.check();
    }

    /**
     * Asks that constructor parameters of per-method test instances be resolved in the test method's context,
     * so a {@link FaultProxy} injected into a constructor is closed after that test method.
     *
     * @param rootContext the root context
     * @return {@link ExtensionContextScope#TEST_METHOD}
     */
    @Override
    public ExtensionContextScope getTestInstantiationExtensionContextScope(ExtensionContext rootContext) {
        return ExtensionContextScope.TEST_METHOD;
    }

    /**
     * Tells whether the parameter is of a type this extension provides.
     *
     * @param parameterContext the parameter
     * @param extensionContext the current context
     * @return {@code true} for {@link RedisServer}, {@link RedisCluster}, {@link FaultProxy} and
     *     {@link ManualTicker}
     */
    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == RedisServer.class || type == RedisCluster.class || type == FaultProxy.class
                || type == ManualTicker.class;
    }

    /**
     * Provides the parameter's value as described on the class.
     *
     * @param parameterContext the parameter
     * @param extensionContext the current context; a {@link FaultProxy} is closed when it ends
     * @return the server, cluster, proxy or ticker
     * @throws ParameterResolutionException if a server cannot be started or the type is not supported
     */
    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        try {
            if (type == RedisServer.class) {
                return RedisServer.shared();
            }
            if (type == RedisCluster.class) {
                return RedisCluster.shared();
            }
            if (type == ManualTicker.class) {
                return new ManualTicker();
            }
            if (type == FaultProxy.class) {
                FaultProxy proxy = FaultProxy.start(RedisServer.shared());
                // JUnit closes AutoCloseable values of a store when its context ends
                extensionContext.getStore(NAMESPACE).put(proxy, proxy);
                return proxy;
            }
        } catch (RuntimeException e) {
            throw new ParameterResolutionException("cannot provide " + type.getSimpleName() + " for "
                    + parameterContext.getDeclaringExecutable() + ": " + e.getMessage(), e);
        }
        throw new ParameterResolutionException("RedisExtension cannot provide " + type.getName());
    }
}
