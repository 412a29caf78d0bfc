package io.headroom.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headroom.redis.internal.RedisKeys.Type;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.jspecify.annotations.Nullable;

/** The key layout is injective and keeps every entry's keys in one hash slot (issue 19). */
class RedisKeysTest {

    private static final String PREFIX = "headroom:";

    /** One key request: a slotted key (role null), its sibling (parts and role) or a global key (parts empty). */
    record Request(Type type, String name, List<String> parts, @Nullable String role) {
        String build() {
            if (parts.isEmpty()) {
                return RedisKeys.global(PREFIX, type, name, role);
            }
            String slotted = RedisKeys.slotted(PREFIX, type, name, parts.toArray(String[]::new));
            return role == null ? slotted : RedisKeys.sibling(slotted, role);
        }
    }

    // a tiny alphabet full of the delimiters, so that a non-injective layout would collide within a few tries
    private static Arbitrary<String> texts() {
        return Arbitraries.strings().withChars(":{}%ab3A7BD").ofMinLength(0).ofMaxLength(5);
    }

    @Provide
    Arbitrary<Request> requests() {
        Arbitrary<List<String>> parts = texts().list().ofMinSize(0).ofMaxSize(3);
        Arbitrary<@Nullable String> roles = Arbitraries.of("lease", "items", "generation", "invalidations")
                .injectNull(0.4);
        return Combinators.combine(Arbitraries.of(Type.class), texts().filter(s -> !s.isEmpty()), parts, roles)
                .as(Request::new)
                .filter(r -> (!r.parts().isEmpty() || r.role() != null) && !r.parts().equals(List.of("")));
    }

    @Property(tries = 300)
    void differentRequestsNeverShareAKey(@ForAll("lists") List<Request> requests) {
        Map<String, Request> seen = new HashMap<>();
        for (Request r : requests) {
            Request before = seen.putIfAbsent(r.build(), r);
            assertThat(before == null || before.equals(r)).as("%s and %s share %s", before, r, r.build()).isTrue();
        }
    }

    @Provide
    Arbitrary<List<Request>> lists() {
        return requests().list().ofMinSize(20).ofMaxSize(80);
    }

    @Property(tries = 2000)
    void everyKeyDecodesToItsRequest(@ForAll("requests") Request r) {
        // a left inverse exists, so the layout is injective over every request, not only the ones sampled together
        assertThat(decode(r.build())).isEqualTo(r);
    }

    @Property(tries = 1000)
    void theHashTagIsExactlyTheEscapedPartsAndSiblingsShareIt(@ForAll("requests") Request r) {
        if (r.parts().isEmpty()) {
            return;
        }
        String slotted = RedisKeys.slotted(PREFIX, r.type(), r.name(), r.parts().toArray(String[]::new));
        List<String> escaped = r.parts().stream().map(RedisKeys::escape).toList();
        assertThat(hashTag(slotted)).isEqualTo(String.join(":", escaped));
        assertThat(hashTag(RedisKeys.sibling(slotted, "lease"))).isEqualTo(hashTag(slotted));
    }

    @Example
    void aLimiterNamedLikeACounterCannotReachTheCountersKey() {
        // the collision reported in issue 19: limiter "counter:x5", key "u1" was shard 0 of counter "x5", id "u1"
        String limiter = RedisKeys.slotted(PREFIX, Type.RATE_LIMIT, "counter:x5", "u1");
        String counter = RedisKeys.slotted(PREFIX, Type.COUNTER, "x5", "u1");
        assertThat(limiter).isEqualTo("headroom:ratelimit:counter%3Ax5:{u1}");
        assertThat(counter).isEqualTo("headroom:counter:x5:{u1}");
        assertThat(RedisKeys.slotted(PREFIX, Type.COUNTER, "x5", "1", "u1")).isEqualTo("headroom:counter:x5:{1:u1}");
        assertThat(RedisKeys.slotted(PREFIX, Type.COUNTER, "x5", "1:u1")).isEqualTo("headroom:counter:x5:{1%3Au1}");
        assertThat(RedisKeys.global(PREFIX, Type.CACHE, "c", "generation")).isEqualTo("headroom:cache:c:generation");
    }

    @Example
    void rolesAreConstantsAndPartsAreRequired() {
        assertThatThrownBy(() -> RedisKeys.sibling("k", "{x}")).hasMessageContaining("role must be lower-case");
        assertThatThrownBy(() -> RedisKeys.global(PREFIX, Type.CACHE, "c", "")).hasMessageContaining("role");
        assertThatThrownBy(() -> RedisKeys.slotted(PREFIX, Type.CACHE, "c")).hasMessageContaining("parts");
        assertThatThrownBy(() -> RedisKeys.slotted(PREFIX, Type.CACHE, "c", "")).hasMessageContaining("hash tag");
    }

    /** Redis' rule: the text between the first '{' and the first '}' after it, when not empty. */
    private static String hashTag(String key) {
        int open = key.indexOf('{');
        int close = open < 0 ? -1 : key.indexOf('}', open + 1);
        return open < 0 || close <= open + 1 ? key : key.substring(open + 1, close);
    }

    private static Request decode(String key) {
        assertThat(key).startsWith(PREFIX);
        String rest = key.substring(PREFIX.length());
        int colon = rest.indexOf(':');
        String tag = rest.substring(0, colon);
        Type type = null;
        for (Type t : Type.values()) {
            if (t.tag().equals(tag)) {
                type = t;
            }
        }
        assertThat(type).as("tag %s", tag).isNotNull();
        rest = rest.substring(colon + 1);
        colon = rest.indexOf(':');
        String name = unescape(rest.substring(0, colon));
        rest = rest.substring(colon + 1);
        if (!rest.startsWith("{")) {
            return new Request(type, name, List.of(), rest);
        }
        int close = rest.indexOf('}');
        List<String> parts = new ArrayList<>();
        for (String p : rest.substring(1, close).split(":", -1)) {
            parts.add(unescape(p));
        }
        String tail = rest.substring(close + 1);
        assertThat(tail.isEmpty() || tail.startsWith(":")).isTrue();
        return new Request(type, name, parts, tail.isEmpty() ? null : tail.substring(1));
    }

    private static String unescape(String s) {
        assertThat(s).doesNotContain(":", "{", "}");
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '%') {
                b.append(c);
                continue;
            }
            String code = s.substring(i + 1, i + 3);
            b.append(switch (code) {
                case "25" -> '%';
                case "3A" -> ':';
                case "7B" -> '{';
                case "7D" -> '}';
                default -> throw new AssertionError("not an escape: %" + code + " in " + s);
            });
            i += 2;
        }
        return b.toString();
    }
}
