package io.headroom.testkit;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Runs {@link JUnitRequirement#check()} when a JUnit launcher session opens (registered through
 * {@code META-INF/services}), so a build whose JUnit Platform is too old for the kit stops with a message naming
 * the fix instead of a {@code NoClassDefFoundError} from an engine. Stateless.
 */
public final class JUnitRequirementListener implements LauncherSessionListener {

    /** Created by the JUnit launcher through {@link java.util.ServiceLoader}. */
    public JUnitRequirementListener() {
    }

    /**
     * Checks the platform.
     *
     * @param session the session
     * @throws IllegalStateException when the platform is older than 1.14
     */
    @Override
    public void launcherSessionOpened(LauncherSession session) {
        JUnitRequirement.check();
    }
}
