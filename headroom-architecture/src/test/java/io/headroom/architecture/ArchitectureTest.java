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
            "sdk-testkit", "examples", "benchmarks");

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
