package io.headroom.testkit;

import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The JUnit the test kit needs: JUnit 5.14 or newer, or JUnit 6 (JUnit Platform 1.14+ or 6.x), with every JUnit
 * artifact of the build at one version. The kit's jqwik 1.10 engine and its extensions are built on that platform;
 * an older platform mixed in by another BOM fails before any test runs with
 * {@code NoClassDefFoundError: org/junit/platform/engine/OutputDirectoryCreator}. This check turns that into a
 * message saying what to change.
 */
public final class JUnitRequirement {

    /** A class JUnit Platform has had since 1.14 (and jqwik 1.10 needs). */
    static final String PLATFORM_1_14_CLASS = "org.junit.platform.engine.OutputDirectoryCreator";

    private JUnitRequirement() {
    }

    /**
     * Fails when the JUnit Platform on the class path is older than 1.14.
     *
     * @throws IllegalStateException naming the versions found and the fix
     */
    public static void check() {
        String problem = problem(JUnitRequirement::present, platformVersion());
        if (problem != null) {
            throw new IllegalStateException(problem);
        }
    }

    /** The problem with this class path, or {@code null}; {@code present} tells whether a class can be loaded. */
    static @Nullable String problem(Predicate<String> present, @Nullable String platformVersion) {
        if (present.test(PLATFORM_1_14_CLASS)) {
            return null;
        }
        return "Headroom's test kit needs JUnit 5.14+ or JUnit 6 (JUnit Platform 1.14+), but this test class path has "
                + "JUnit Platform " + (platformVersion == null ? "older than 1.14" : platformVersion) + ". Use one "
                + "JUnit version for every JUnit artifact: import org.junit:junit-bom:5.14.4 (or 6.0.3, which Spring "
                + "Boot 4 manages) in <dependencyManagement>, before other BOMs that manage JUnit.";
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, JUnitRequirement.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static @Nullable String platformVersion() {
        try {
            Class<?> engine = Class.forName("org.junit.platform.engine.TestEngine", false,
                    JUnitRequirement.class.getClassLoader());
            Package p = engine.getPackage();
            return p == null ? null : p.getImplementationVersion();
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }
}
