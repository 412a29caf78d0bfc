package io.headroom.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class ArgumentsTest {

    // the property that makes keys safe on every backend: an accepted key survives UTF-8 unchanged, so two
    // different accepted keys are two different byte strings on Redis and Firestore too
    @Property(tries = 2000)
    void everyAcceptedKeyRoundTripsThroughUtf8(@ForAll("nearSurrogates") String key) {
        String accepted;
        try {
            accepted = Arguments.key(key, "key");
        } catch (IllegalArgumentException rejected) {
            assertThat(rejected).hasMessageStartingWith("key must");
            return;
        }
        assertThat(new String(accepted.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).isEqualTo(key);
    }

    @Provide
    Arbitrary<String> nearSurrogates() {
        // mostly characters around and inside the surrogate blocks, so pairs and lone halves both occur often
        return Arbitraries.strings().withCharRange('\uD7F0', '\uE00F').withChars("a?").ofMinLength(1).ofMaxLength(6);
    }

    @Example
    void unpairedSurrogatesAreRejectedWithTheirIndex() {
        assertThatThrownBy(() -> Arguments.key("\uD800", "key")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("key must be well-formed UTF-16 (no unpaired surrogate), has an unpaired high surrogate "
                        + "U+D800 at index 0");
        assertThatThrownBy(() -> Arguments.key("ab\uDC01", "counterId"))
                .hasMessageContaining("counterId must be well-formed").hasMessageContaining("low surrogate U+DC01 at index 2");
        assertThatThrownBy(() -> Arguments.key("\uD800\uD800\uDC00", "key")).hasMessageContaining("index 0");
        assertThat(Arguments.key("\uD83D\uDE00", "key")).isEqualTo("\uD83D\uDE00");
        assertThat(Arguments.key("?", "key")).isEqualTo("?");
    }

    @Example
    void namesAreOneRuleForEveryPrimitive() {
        assertThat(Arguments.name("counter:x5", "name")).isEqualTo("counter:x5");
        assertThatThrownBy(() -> Arguments.name("a b", "name")).hasMessage(
                "name must be 1 to 64 characters of [A-Za-z0-9_.:-], was \"a b\"");
        assertThatThrownBy(() -> Arguments.name(null, "name")).hasMessageContaining("was null");
        assertThatThrownBy(() -> Arguments.name("x".repeat(65), "name")).hasMessageContaining("1 to 64");
    }
}
