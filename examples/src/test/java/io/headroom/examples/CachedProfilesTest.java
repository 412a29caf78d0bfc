package io.headroom.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CachedProfilesTest {

    @Test
    void cachedLookupsSaveMostBackendReads() throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        CachedProfiles.Report r = CachedProfiles.runDemo(null, 2_000, new PrintStream(buffer, true, StandardCharsets.UTF_8));
        assertThat(r.lines()).extracting(CachedProfiles.Line::cache).containsExactly("profile", "search", "discovery");
        assertThat(r.lookups()).isEqualTo(r.lines().stream().mapToLong(CachedProfiles.Line::lookups).sum());
        // every miss is exactly one backend read (single flight), and the seed wants a hit rate above 80%
        for (CachedProfiles.Line l : r.lines()) {
            assertThat(l.backendReads()).as(l.cache()).isEqualTo(Math.round(l.lookups() * (1 - l.hitRate())));
        }
        assertThat(r.hitRate()).isGreaterThan(0.8);
        assertThat(r.readsSaved()).isEqualTo(r.lookups() - r.backendReads());
        assertThat(buffer.toString(StandardCharsets.UTF_8))
                .contains("Cache-aside (embedded Caffeine)", "profile", "TTL 60m", "search", "TTL 15m", "discovery",
                        "TTL 5m", "backend reads saved");
    }

    @Test
    void anEditedProfileIsReadAgain() {
        try (CachedProfiles caches = CachedProfiles.inMemory()) {
            String first = caches.profile("user-1");
            assertThat(caches.profile("user-1")).isSameAs(first);
            caches.profileChanged("user-1");
            assertThat(caches.profile("user-1")).isEqualTo(first).isNotSameAs(first);
        }
    }
}
