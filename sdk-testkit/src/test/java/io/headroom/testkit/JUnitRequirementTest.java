package io.headroom.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.Test;

class JUnitRequirementTest {

    @Test
    void thisBuildsPlatformIsNewEnough() {
        assertThatCode(JUnitRequirement::check).doesNotThrowAnyException();
        assertThatCode(RedisExtension::new).doesNotThrowAnyException();
    }

    @Test
    void anOlderPlatformGetsAMessageNamingTheFix() {
        String problem = JUnitRequirement.problem(c -> false, "1.12.2");
        assertThat(problem).contains("JUnit 5.14+ or JUnit 6").contains("JUnit Platform 1.12.2")
                .contains("org.junit:junit-bom:5.14.4");
        assertThat(JUnitRequirement.problem(c -> false, null)).contains("older than 1.14");
        assertThat(JUnitRequirement.problem(JUnitRequirement.PLATFORM_1_14_CLASS::equals, "1.14.4")).isNull();
    }

    @Test
    void theListenerIsRegisteredForTheLauncher() {
        assertThat(java.util.ServiceLoader.load(org.junit.platform.launcher.LauncherSessionListener.class).stream()
                .map(p -> p.type().getName())).contains(JUnitRequirementListener.class.getName());
    }
}
