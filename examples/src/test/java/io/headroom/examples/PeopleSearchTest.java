package io.headroom.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.search.GeoPoint;
import io.headroom.search.SearchHit;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PeopleSearchTest {

    private static final long NOW = 1_764_000_000_000L;
    private final PeopleSearch.Profile me = new PeopleSearch.Profile("me", "Ana", "", "paris",
            GeoPoint.of(48.8566, 2.3522), Set.of("jazz", "hiking"), NOW);

    @Test
    void findsMisspelledNamesNearbyRankedBySharedInterests() {
        try (PeopleSearch people = new PeopleSearch(Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC))) {
            people.onProfileWritten(me);
            people.onProfileWritten(new PeopleSearch.Profile("few", "John", "", "paris", GeoPoint.of(48.85, 2.34),
                    Set.of("golf"), NOW));
            people.onProfileWritten(new PeopleSearch.Profile("many", "Jon", "", "paris", GeoPoint.of(48.86, 2.36),
                    Set.of("jazz", "hiking"), NOW));
            people.onProfileWritten(new PeopleSearch.Profile("far", "Jon", "", "lyon", GeoPoint.of(45.76, 4.83),
                    Set.of("jazz", "hiking"), NOW));
            people.onProfileWritten(new PeopleSearch.Profile("gone", "Jon", "", "paris", GeoPoint.of(48.86, 2.35),
                    Set.of("jazz"), NOW));
            people.onProfileDeleted("gone");
            people.refresh();
            assertThat(people.discover(me, "john", 10)).extracting(SearchHit::id)
                    .containsExactly("many", "few");
            assertThat(people.nearest(me, 10)).extracting(SearchHit::id).containsExactly("many", "few");
        }
    }

    @Test
    void theDemoPrintsDiscoveryResults() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PeopleSearch.run(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        String out = buffer.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("People search").contains("~john within 10 km: u1").contains("nearest: u2");
        assertThat(out).doesNotContain("u3");
    }
}
