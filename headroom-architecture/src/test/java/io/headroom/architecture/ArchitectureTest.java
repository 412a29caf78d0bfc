package io.headroom.architecture;

import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.LocationProvider;
import com.tngtech.archunit.lang.ArchRule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Runs {@link HouseRules} over the main classes of every module (each module's {@code target/classes}), in
 * {@code mvn verify}. A module that has not been compiled fails the run instead of being skipped.
 */
@AnalyzeClasses(locations = ArchitectureTest.EveryModule.class)
class ArchitectureTest {

    /** The modules whose main classes the rules read; a new module is added here. */
    static final List<String> MODULES = List.of("sdk-core", "sdk-redis", "sdk-firestore", "sdk-fcm", "sdk-search",
            "sdk-opensearch", "sdk-testkit", "examples", "benchmarks", "headroom-spring-boot-autoconfigure");

    @ArchTest
    static final ArchRule arrows = HouseRules.arrows();

    @ArchTest
    static final ArchRule sealedInternals = HouseRules.noInternalTypesInPublicSignatures();

    @ArchTest
    static final ArchRule exceptions = HouseRules.exceptionsAreHeadroomExceptions();

    @ArchTest
    static final ArchRule configs = HouseRules.configsAreImmutable();

    @ArchTest
    static final ArchRule blockingAndAsync = HouseRules.blockingAndAsyncInStep();

    /** Every named deviation still names an operation of a primitive interface, so the table cannot rot. */
    @ArchTest
    static void everyNamedDeviationIsStillNeeded(com.tngtech.archunit.core.domain.JavaClasses classes) {
        java.util.Map<String, java.util.Set<String>> methods = new java.util.HashMap<>();
        for (com.tngtech.archunit.core.domain.JavaClass c : classes.that(HouseRules.PRIMITIVE_INTERFACE)) {
            for (com.tngtech.archunit.core.domain.JavaMethod m : c.getAllMethods()) {
                if (m.getOwner().isEquivalentTo(Object.class)) {
                    continue;
                }
                methods.computeIfAbsent(c.getSimpleName(), k -> new java.util.HashSet<>()).add(m.getName());
                methods.computeIfAbsent("*", k -> new java.util.HashSet<>()).add(m.getName());
            }
        }
        for (String entry : HouseRules.SYNC_ASYNC_DEVIATIONS.keySet()) {
            String type = entry.substring(0, entry.indexOf('#'));
            String method = entry.substring(entry.indexOf('#') + 1);
            org.assertj.core.api.Assertions.assertThat(methods.getOrDefault(type, java.util.Set.of()))
                    .as("deviation %s names an operation of a primitive interface", entry).contains(method);
        }
    }

    /** Every module's compiled main classes, found from the project root Maven passes in. */
    static final class EveryModule implements LocationProvider {
        @Override
        public Set<Location> get(Class<?> testClass) {
            String root = System.getProperty("headroom.root");
            if (root == null) {
                throw new IllegalStateException("system property headroom.root is not set (run through Maven)");
            }
            Set<Location> out = new LinkedHashSet<>();
            for (String module : MODULES) {
                Path classes = Path.of(root, module, "target", "classes");
                if (!Files.isDirectory(classes.resolve("io/headroom"))) {
                    throw new IllegalStateException(classes + " has no compiled classes: build the whole reactor "
                            + "(mvn verify from the root) before the architecture rules");
                }
                out.add(Location.of(classes));
            }
            return out;
        }
    }
}
