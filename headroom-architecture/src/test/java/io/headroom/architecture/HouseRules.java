package io.headroom.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaParameterizedType;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import io.headroom.HeadroomException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

/**
 * The house's rules (DESIGN.md, "The house" and "One primitive, same shape everywhere"), as ArchUnit rules. Each is
 * run over the real classes by {@link ArchitectureTest} and over deliberate violations by
 * {@link RulesCatchViolationsTest}, so none of them can pass by asserting nothing.
 */
final class HouseRules {

    private HouseRules() {
    }

    // ---- which module a class belongs to, by package (each module owns its packages: no split packages) ----

    /** Packages of the backend and service modules; everything else under io.headroom is sdk-core. */
    static final Map<String, String> MODULE_PACKAGES = Map.of(
            "Redis", "io.headroom.redis..",
            "Firestore", "io.headroom.firestore..",
            "Fcm", "io.headroom.fcm..",
            "Lucene", "io.headroom.search.lucene..",
            "OpenSearch", "io.headroom.opensearch..",
            "Spring", "io.headroom.spring..",
            "Testkit", "io.headroom.testkit..",
            "Examples", "io.headroom.examples..",
            "Benchmarks", "io.headroom.benchmarks..");

    static final List<String> BACKENDS = List.of("Redis", "Firestore", "Fcm", "Lucene", "OpenSearch");

    private static final String[] NOT_CORE = MODULE_PACKAGES.values().toArray(String[]::new);

    static final DescribedPredicate<JavaClass> IN_CORE = DescribedPredicate.describe("sdk-core",
            c -> c.getPackageName().startsWith("io.headroom")
                    && !com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage(NOT_CORE).test(c)
                    && !c.getPackageName().startsWith("io.headroom.architecture"));

    /**
     * Arrows only point down: core knows no backend; a backend knows core and nothing else of Headroom; SDK main
     * code never uses the test kit; nothing uses examples or benchmarks (benchmarks may use everything, examples
     * every module and the test kit's servers; the Spring starter every module it configures).
     */
    static ArchRule arrows() {
        var layers = layeredArchitecture().consideringOnlyDependenciesInLayers().withOptionalLayers(true)
                .layer("Core").definedBy(IN_CORE);
        for (Map.Entry<String, String> m : MODULE_PACKAGES.entrySet()) {
            layers = layers.layer(m.getKey()).definedBy(m.getValue());
        }
        layers = layers.whereLayer("Core").mayOnlyBeAccessedByLayers(
                        "Redis", "Firestore", "Fcm", "Lucene", "OpenSearch", "Spring", "Testkit", "Examples",
                        "Benchmarks")
                .whereLayer("Testkit").mayOnlyBeAccessedByLayers("Examples", "Benchmarks")
                .whereLayer("Spring").mayOnlyBeAccessedByLayers("Examples", "Benchmarks")
                .whereLayer("Examples").mayOnlyBeAccessedByLayers("Benchmarks")
                .whereLayer("Benchmarks").mayNotBeAccessedByAnyLayer();
        for (String backend : BACKENDS) {
            layers = layers.whereLayer(backend).mayOnlyBeAccessedByLayers("Spring", "Examples", "Benchmarks")
                    .whereLayer(backend).mayOnlyAccessLayers("Core");
        }
        // the same arrows seen from the other end, so a class is caught even when the class it uses is not imported
        layers = layers.whereLayer("Core").mayNotAccessAnyLayer()
                .whereLayer("Testkit").mayOnlyAccessLayers("Core");
        return layers.because("arrows only point down (DESIGN.md, The house)");
    }

    // ---- sealed internals ----

    static final DescribedPredicate<JavaClass> INTERNAL = DescribedPredicate.describe("internal",
            c -> c.getPackageName().contains(".internal"));

    /** API and SPI packages: what module-info.java exports (the test kit counts: users import it). */
    static final DescribedPredicate<JavaClass> EXPORTED_API = DescribedPredicate.describe(
            "public types of exported packages",
            c -> c.getPackageName().startsWith("io.headroom") && !INTERNAL.test(c)
                    && !c.getPackageName().startsWith("io.headroom.examples")
                    && !c.getPackageName().startsWith("io.headroom.benchmarks")
                    && !c.getPackageName().startsWith("io.headroom.architecture")
                    && isVisibleOutside(c));

    private static boolean isVisibleOutside(JavaClass c) {
        if (!c.getModifiers().contains(JavaModifier.PUBLIC) || c.isAnonymousClass() || c.isLocalClass()) {
            return false;
        }
        Optional<JavaClass> outer = c.getEnclosingClass();
        return outer.isEmpty() || isVisibleOutside(outer.get());
    }

    private static boolean visible(JavaMember m) {
        Set<JavaModifier> mods = m.getModifiers();
        return mods.contains(JavaModifier.PUBLIC)
                || (mods.contains(JavaModifier.PROTECTED) && !m.getOwner().getModifiers().contains(JavaModifier.FINAL));
    }

    /** No internal type in a public or protected signature (supertypes, fields, parameters, returns, throws). */
    static ArchRule noInternalTypesInPublicSignatures() {
        return classes().that(EXPORTED_API).should(new ArchCondition<>("expose no internal type in a public or "
                + "protected signature") {
            @Override
            public void check(JavaClass c, ConditionEvents events) {
                List<String> leaks = new ArrayList<>();
                Optional<JavaType> sup = c.getSuperclass();
                sup.ifPresent(t -> leaks(t, "supertype", leaks));
                c.getInterfaces().forEach(t -> leaks(t, "supertype", leaks));
                for (JavaField f : c.getFields()) {
                    if (visible(f)) {
                        leaks(f.getType(), "field " + f.getName(), leaks);
                    }
                }
                for (JavaCodeUnit u : c.getCodeUnits()) {
                    if (!visible(u) || u.getModifiers().contains(JavaModifier.SYNTHETIC)
                            || u.getModifiers().contains(JavaModifier.BRIDGE)) {
                        continue;
                    }
                    String where = u.getName() + "(...)";
                    leaks(u.getReturnType(), "return of " + where, leaks);
                    u.getParameterTypes().forEach(t -> leaks(t, "parameter of " + where, leaks));
                    u.getThrowsClause().getTypes().forEach(t -> leaks(t, "throws of " + where, leaks));
                }
                for (String leak : leaks) {
                    events.add(SimpleConditionEvent.violated(c, c.getName() + " exposes " + leak));
                }
            }
        }).because("internal packages are not exported (DESIGN.md: three kinds of package)");
    }

    private static void leaks(JavaType type, String where, List<String> out) {
        for (JavaClass raw : type.getAllInvolvedRawTypes()) {
            if (INTERNAL.test(raw)) {
                out.add(raw.getName() + " in " + where);
            }
        }
    }

    // ---- exceptions ----

    /** Every public exception of Headroom's API is a HeadroomException. */
    static ArchRule exceptionsAreHeadroomExceptions() {
        return classes().that(EXPORTED_API).and().areAssignableTo(Throwable.class)
                .should().beAssignableTo(HeadroomException.class)
                .because("one unchecked exception type per failure, all under HeadroomException (DESIGN.md)");
    }

    // ---- configs ----

    static final DescribedPredicate<JavaClass> CONFIG = DescribedPredicate.describe("a config type",
            c -> EXPORTED_API.test(c) && !c.isInterface() && !c.isEnum()
                    && (c.getSimpleName().endsWith("Config") || c.getSimpleName().endsWith("Options")
                    || c.getSimpleName().endsWith("Settings")));

    /** Configs are immutable: only final fields, and no public field holding a collection, map or array. */
    static ArchRule configsAreImmutable() {
        return classes().that(CONFIG).should(configCondition())
                .because("configs are immutable and validated (DESIGN.md)");
    }

    /** The condition of {@link #configsAreImmutable()}, for checking it on a fixture. */
    static ArchCondition<JavaClass> configCondition() {
        return new ArchCondition<>("have only final fields and no public mutable collection") {
            @Override
            public void check(JavaClass c, ConditionEvents events) {
                for (JavaField f : c.getFields()) {
                    if (f.getModifiers().contains(JavaModifier.SYNTHETIC)) {
                        continue;
                    }
                    if (!f.getModifiers().contains(JavaModifier.FINAL)) {
                        events.add(SimpleConditionEvent.violated(f, c.getName() + "." + f.getName()
                                + " is not final"));
                    }
                    JavaClass t = f.getRawType();
                    boolean container = t.isArray() || t.isAssignableTo(Collection.class)
                            || t.isAssignableTo(Map.class);
                    if (f.getModifiers().contains(JavaModifier.PUBLIC) && container) {
                        events.add(SimpleConditionEvent.violated(f, c.getName() + "." + f.getName()
                                + " is a public " + t.getSimpleName()));
                    }
                }
            }
        };
    }

    // ---- blocking and async forms in step ----

    /**
     * Named deviations from "every blocking operation has an async twin with the same parameters, returning
     * CompletionStage of its result, and the other way round", Lettuce-style: {@code Interface#method} to why.
     */
    static final Map<String, String> SYNC_ASYNC_DEVIATIONS = Map.ofEntries(
            Map.entry("*#config", "an immutable value held in memory: no I/O"),
            Map.entry("*#stats", "a snapshot of in-memory counters: no I/O"),
            Map.entry("RateLimiter#decorate", "wraps a Supplier; the call happens when the Supplier runs"),
            Map.entry("RateLimiter#execute", "runs the caller's synchronous Supplier; executeAsync takes an async one"),
            Map.entry("RateLimiter#executeAsync", "see RateLimiter#execute"),
            Map.entry("CacheAside#get", "the async twin takes an async loader: Function<K, CompletionStage<V>>"),
            Map.entry("CacheAside#getAll", "the async twin takes an async bulk loader"),
            Map.entry("CacheAside#close", "releases local resources only; idempotent, never waits on the backend"),
            Map.entry("ShardedCounter#close", "flushes with the configured deadline, then stops; idempotent"),
            Map.entry("SearchIndex#close", "releases local resources only; idempotent"),
            Map.entry("Presence#watch", "registers a local listener; its snapshot read is asynchronous by design"),
            Map.entry("Typing#watch", "registers a local listener; its snapshot read is asynchronous by design"),
            Map.entry("Presence#close", "stops the local sweeper and unsubscribes; idempotent, never waits"),
            Map.entry("Typing#close", "marks the instance closed; no I/O"),
            Map.entry("Sessions#close", "marks the store closed; no I/O"),
            Map.entry("SearchIndex#capabilities", "an immutable value held in memory: no I/O"),
            Map.entry("SearchIndex#validate", "checks a query against the schema and capabilities: no I/O"),
            Map.entry("SearchIndexer#progress", "a snapshot of in-memory counters: no I/O"),
            Map.entry("SearchIndexer#close", "drains with the index's write timeout, then stops; idempotent"));

    /** The public interfaces of API packages that have at least one async operation: the primitives. */
    static final DescribedPredicate<JavaClass> PRIMITIVE_INTERFACE = DescribedPredicate.describe(
            "a primitive interface (an API interface with an async operation)",
            c -> c.isInterface() && EXPORTED_API.test(c) && !c.getPackageName().startsWith("io.headroom.spi")
                    && !c.getPackageName().startsWith("io.headroom.testkit")
                    && c.getMethods().stream().anyMatch(m -> m.getName().endsWith("Async")));

    /** Every primitive interface keeps its blocking and async forms in step, bar the named deviations. */
    static ArchRule blockingAndAsyncInStep() {
        return classes().that(PRIMITIVE_INTERFACE).should(new ArchCondition<>("keep every blocking operation "
                + "and its async twin in step") {
            @Override
            public void check(JavaClass c, ConditionEvents events) {
                List<JavaMethod> ops = c.getAllMethods().stream()
                        .filter(m -> !m.getModifiers().contains(JavaModifier.STATIC)
                                && !m.getModifiers().contains(JavaModifier.SYNTHETIC)
                                && !m.getOwner().isEquivalentTo(Object.class))
                        .collect(Collectors.toList());
                for (JavaMethod m : ops) {
                    if (deviation(c, m.getName())) {
                        continue;
                    }
                    boolean async = m.getName().endsWith("Async");
                    String twinName = async ? m.getName().substring(0, m.getName().length() - 5)
                            : m.getName() + "Async";
                    Optional<JavaMethod> twin = ops.stream()
                            .filter(t -> t.getName().equals(twinName)
                                    && t.getRawParameterTypes().equals(m.getRawParameterTypes()))
                            .findFirst();
                    String self = c.getSimpleName() + "#" + m.getName() + m.getRawParameterTypes().stream()
                            .map(JavaClass::getSimpleName).collect(Collectors.joining(", ", "(", ")"));
                    if (twin.isEmpty()) {
                        events.add(SimpleConditionEvent.violated(m, self + " has no " + twinName
                                + " with the same parameters, and no named deviation"));
                        continue;
                    }
                    JavaMethod blocking = async ? twin.get() : m;
                    JavaMethod asyncForm = async ? m : twin.get();
                    String problem = returnsMismatch(blocking, asyncForm);
                    if (problem != null) {
                        events.add(SimpleConditionEvent.violated(m, self + ": " + problem));
                    }
                }
            }
        }).because("a blocking form and its async form are served by one implementation and stay in step "
                + "(DESIGN.md, I/O)");
    }

    private static boolean deviation(JavaClass c, String method) {
        return SYNC_ASYNC_DEVIATIONS.containsKey("*#" + method)
                || SYNC_ASYNC_DEVIATIONS.containsKey(c.getSimpleName() + "#" + method);
    }

    private static String returnsMismatch(JavaMethod blocking, JavaMethod async) {
        JavaType r = async.getReturnType();
        if (!r.toErasure().isEquivalentTo(CompletionStage.class) || !(r instanceof JavaParameterizedType p)) {
            return async.getName() + " returns " + r.getName() + ", not CompletionStage<...>";
        }
        String expected = boxed(blocking.getReturnType());
        String actual = p.getActualTypeArguments().get(0).getName();
        if (!expected.equals(actual)) {
            return async.getName() + " completes with " + actual + " but " + blocking.getName() + " returns "
                    + blocking.getReturnType().getName();
        }
        return null;
    }

    private static String boxed(JavaType t) {
        switch (t.getName()) {
            case "void": return Void.class.getName();
            case "long": return Long.class.getName();
            case "int": return Integer.class.getName();
            case "boolean": return Boolean.class.getName();
            case "double": return Double.class.getName();
            default: return t.getName();
        }
    }
}
