package io.headroom.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import io.headroom.cache.FixtureCoreUsesRedis;
import io.headroom.cache.FixtureInStepPrimitive;
import io.headroom.cache.FixtureLeaksInternal;
import io.headroom.cache.FixtureMutableConfig;
import io.headroom.cache.FixturePrimitive;
import io.headroom.cache.FixtureUncheckedException;
import io.headroom.redis.FixtureBackendUsesExamples;
import io.headroom.redis.FixtureBackendUsesFirestore;
import io.headroom.redis.FixtureBackendUsesTestkit;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every rule of {@link HouseRules} fails on a deliberate violation (fixture classes in this module's tests, in
 * Headroom's own packages) and names it, so no rule can pass by checking nothing.
 */
class RulesCatchViolationsTest {

    private static List<String> violations(ArchRule rule, Class<?>... fixtures) {
        JavaClasses classes = new ClassFileImporter().importClasses(fixtures);
        EvaluationResult result = rule.evaluate(classes);
        return result.getFailureReport().getDetails();
    }

    @Test
    void anArrowUpSidewaysOrIntoTheTestKitOrExamplesFails() {
        assertThat(violations(HouseRules.arrows(), FixtureCoreUsesRedis.class))
                .anyMatch(v -> v.contains("FixtureCoreUsesRedis") && v.contains("io.headroom.redis.RedisOptions"));
        assertThat(violations(HouseRules.arrows(), FixtureBackendUsesFirestore.class))
                .anyMatch(v -> v.contains("io.headroom.firestore.FirestoreIndex"));
        assertThat(violations(HouseRules.arrows(), FixtureBackendUsesTestkit.class))
                .anyMatch(v -> v.contains("io.headroom.testkit.ManualTicker"));
        assertThat(violations(HouseRules.arrows(), FixtureBackendUsesExamples.class))
                .anyMatch(v -> v.contains("io.headroom.examples.SocialConnectDemo"));
    }

    @Test
    void anInternalTypeInAPublicOrProtectedSignatureFails() {
        List<String> v = violations(HouseRules.noInternalTypesInPublicSignatures(), FixtureLeaksInternal.class);
        assertThat(v).hasSize(2);
        assertThat(v).anyMatch(s -> s.contains("io.headroom.internal.Futures in return of leak"));
        assertThat(v).anyMatch(s -> s.contains("io.headroom.internal.Arguments in parameter of take"));
    }

    @Test
    void aPublicExceptionOutsideHeadroomExceptionFails() {
        assertThat(violations(HouseRules.exceptionsAreHeadroomExceptions(), FixtureUncheckedException.class))
                .anyMatch(v -> v.contains("FixtureUncheckedException"));
    }

    @Test
    void aConfigWithANonFinalFieldOrAPublicCollectionFails() {
        // the fixture's name does not end in Config, so the rule's condition is checked on it directly
        ArchRule rule = com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes()
                .that().haveSimpleName("FixtureMutableConfig")
                .should(HouseRules.configCondition());
        List<String> v = violations(rule, FixtureMutableConfig.class);
        assertThat(v).anyMatch(s -> s.contains("FixtureMutableConfig.size is not final"));
        assertThat(v).anyMatch(s -> s.contains("FixtureMutableConfig.names is a public List"));
    }

    @Test
    void blockingAndAsyncFormsOutOfStepFail() {
        List<String> v = violations(HouseRules.blockingAndAsyncInStep(), FixturePrimitive.class);
        assertThat(v).anyMatch(s -> s.contains("FixturePrimitive#count(String): countAsync completes with "
                + "java.lang.Integer but count returns long"));
        assertThat(v).anyMatch(s -> s.contains("FixturePrimitive#put(String) has no putAsync"));
        assertThat(v).anyMatch(s -> s.contains("FixturePrimitive#remove(String) has no removeAsync"));
        assertThat(v).anyMatch(s -> s.contains("FixturePrimitive#removeAsync(String, long) has no remove"));
        assertThat(v).noneMatch(s -> s.contains("#get(") || s.contains("#getAsync("));
        assertThat(violations(HouseRules.blockingAndAsyncInStep(), FixtureInStepPrimitive.class)).isEmpty();
    }
}
