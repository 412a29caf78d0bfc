package io.headroom.testkit.firestore;

import com.google.cloud.firestore.Firestore;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that hands tests a real {@link Firestore} client on an isolated database of the
 * {@linkplain FirestoreEmulator#shared() shared emulator}; register it with
 * {@code @ExtendWith(FirestoreExtension.class)} or {@link WithFirestore @WithFirestore}.
 *
 * <p>It resolves parameters of these types:
 * <ul>
 *   <li>{@link Firestore}: a new client on a project of its own ({@code test-<n>}, default database), so no
 *       two tests see each other's documents, usage or contention settings. The client is closed when the test
 *       method ends (for a constructor parameter of a per-class test instance: when the class ends). All
 *       {@code Firestore} parameters of one test share one client and project.</li>
 *   <li>{@link FirestoreEmulator}: the shared emulator, e.g. for {@link FirestoreEmulator#usage(Firestore)}
 *       and {@link FirestoreEmulator#contention(Firestore, Contention)}.</li>
 * </ul>
 *
 * <pre>{@code
 * @WithFirestore
 * class MyIT {
 *     @Test
 *     void counts(Firestore db, FirestoreEmulator emulator) { ... emulator.usage(db).writes() ... }
 * }
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class FirestoreExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(FirestoreExtension.class);
    private static final AtomicLong PROJECTS = new AtomicLong();

    /** Creates the extension; JUnit does this when it meets {@code @ExtendWith(FirestoreExtension.class)}.
     *
     * @throws IllegalStateException when the JUnit Platform is older than 1.14 ({@link io.headroom.testkit.JUnitRequirement})
     */
    public FirestoreExtension() {
        // a clear message instead of a NoClassDefFoundError when another BOM mixed an older JUnit in
        io.headroom.testkit.JUnitRequirement.check();
    }

    /**
     * Asks that constructor parameters of per-method test instances be resolved in the test method's context.
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
     * @return {@code true} for {@link Firestore} and {@link FirestoreEmulator}
     */
    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == Firestore.class || type == FirestoreEmulator.class;
    }

    /**
     * Provides the parameter's value as described on the class.
     *
     * @param parameterContext the parameter
     * @param extensionContext the current context; a client is closed when it ends
     * @return the client or the emulator
     * @throws ParameterResolutionException if the emulator cannot start
     */
    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        try {
            FirestoreEmulator emulator = FirestoreEmulator.shared();
            if (type == FirestoreEmulator.class) {
                return emulator;
            }
            ExtensionContext.Store store = extensionContext.getStore(NAMESPACE);
            ClientResource resource = store.getOrComputeIfAbsent(ClientResource.class,
                    k -> new ClientResource(emulator.firestore("test-" + PROJECTS.incrementAndGet())),
                    ClientResource.class);
            return resource.client;
        } catch (RuntimeException e) {
            throw new ParameterResolutionException("could not provide " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    // JUnit closes AutoCloseable values of a store when its context ends
    private static final class ClientResource implements AutoCloseable {
        final Firestore client;

        ClientResource(Firestore client) {
            this.client = client;
        }

        @Override
        public void close() {
            try {
                client.close();
            } catch (Exception e) {
                throw new IllegalStateException("could not close the Firestore client", e);
            }
        }
    }
}
