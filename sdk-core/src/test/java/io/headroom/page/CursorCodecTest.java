package io.headroom.page;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class CursorCodecTest {

    private static final CursorKeys KEYS = CursorKeys.of("k", "0123456789abcdef0123456789abcdef".getBytes(
            StandardCharsets.UTF_8));
    private static final Sort SORT = Sort.by(SortKey.desc("t"), SortKey.asc("n"));

    @Provide
    Arbitrary<List<Object>> values() {
        Arbitrary<Object> one = Arbitraries.oneOf(
                Arbitraries.just(null),
                Arbitraries.of(true, false),
                Arbitraries.longs(),
                Arbitraries.doubles().filter(d -> !Double.isNaN(d) && d != 0.0 || d == 0.0 && 1 / d > 0),
                Arbitraries.strings().ofMaxLength(40),
                Arbitraries.longs().between(-100_000_000_000L, 100_000_000_000L)
                        .map(s -> Instant.ofEpochSecond(s, Math.floorMod(s, 1_000_000_000))));
        return one.list().ofMinSize(1).ofMaxSize(5).map(ArrayList::new);
    }

    @Property(tries = 300)
    void decodeInvertsEncode(@ForAll("values") List<Object> values, @ForAll boolean forward,
                             @ForAll boolean inclusive, @ForAll boolean encrypt) {
        CursorCodec codec = CursorCodec.of(PaginatorConfig.builder().cursorKeys(KEYS).encryptCursors(encrypt).build());
        CursorPosition p = new CursorPosition(values, forward ? PageDirection.FORWARD : PageDirection.BACKWARD,
                inclusive);
        String cursor = codec.encode(p, SORT, Map.of("owner", "u1"));
        assertThat(cursor).matches("[A-Za-z0-9_-]+");
        assertThat(codec.decode(cursor, SORT, Map.of("owner", "u1"))).isEqualTo(p);
        assertThat(codec.encode(p, SORT, Map.of("owner", "u1"))).as("deterministic").isEqualTo(cursor);
    }

    @Example
    void aForgedCursorWithoutTheKeyIsRejected() {
        CursorCodec mine = CursorCodec.of(PaginatorConfig.builder().cursorKeys(KEYS).build());
        CursorCodec attacker = CursorCodec.of(PaginatorConfig.builder().cursorKeys(CursorKeys.of("k",
                "ffffffffffffffffffffffffffffffff".getBytes(StandardCharsets.UTF_8))).build());
        CursorPosition p = new CursorPosition(Arrays.asList(1L, 2L, "id"), PageDirection.FORWARD, false);
        String forged = attacker.encode(p, SORT, Map.of());
        assertThatThrownBy(() -> mine.decode(forged, SORT, Map.of()))
                .isInstanceOf(InvalidCursorException.class).hasMessageContaining("bad signature");
    }

    @Example
    void keysAndConfigRejectBadSettings() {
        assertThatThrownBy(() -> CursorKeys.of("k", new byte[15]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 16 bytes");
        assertThatThrownBy(() -> CursorKeys.of("bad id", new byte[16]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[A-Za-z0-9_-]");
        assertThatThrownBy(() -> KEYS.rotate("k", new byte[16])).hasMessageContaining("already");
        assertThatThrownBy(() -> KEYS.retire("k")).hasMessageContaining("current key");
        assertThat(KEYS.toString()).doesNotContain("0123456789");
        assertThatThrownBy(() -> PaginatorConfig.builder().maxPageSize(0).build())
                .hasMessageContaining("maxPageSize must be between 1 and 10000");
        assertThatThrownBy(() -> PaginatorConfig.builder().maxPageSize(10).defaultPageSize(20).build())
                .hasMessageContaining("defaultPageSize must be between 1 and 10");
        assertThatThrownBy(() -> PaginatorConfig.builder().cursorTtl(java.time.Duration.ZERO).build())
                .hasMessageContaining("cursorTtl must be positive");
        assertThatThrownBy(() -> PaginatorConfig.builder().name("").build()).hasMessageContaining("name");
        PaginatorConfig d = PaginatorConfig.ofDefaults();
        assertThat(d.defaultPageSize()).isEqualTo(20);
        assertThat(d.maxPageSize()).isEqualTo(100);
        assertThat(d.encryptCursors()).isTrue();
        assertThat(d.cursorTtl()).isNull();
    }

    @Example
    void sortsAndRequestsRejectBadInput() {
        assertThatThrownBy(() -> Sort.by(SortKey.asc("a"), SortKey.desc("a"))).hasMessageContaining("repeat");
        assertThatThrownBy(() -> Sort.by(SortKey.asc("id"))).hasMessageContaining("tie-breaker");
        assertThatThrownBy(() -> SortKey.asc("")).hasMessageContaining("field must not be empty");
        assertThatThrownBy(() -> PageRequest.builder(Sort.by(SortKey.asc("a"))).filter("x", new Object()))
                .hasMessageContaining("'x'");
        assertThatThrownBy(() -> PageRequest.builder(Sort.by(SortKey.asc("a"))).filter("x", Double.NaN))
                .hasMessageContaining("NaN");
        assertThatThrownBy(() -> new Page<>(List.of(1), "c", null, false, false)).hasMessageContaining("cursor");
    }
}
