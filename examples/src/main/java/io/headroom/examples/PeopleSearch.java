package io.headroom.examples;

import io.headroom.search.FieldOption;
import io.headroom.search.GeoPoint;
import io.headroom.search.Ranking;
import io.headroom.search.SearchConfig;
import io.headroom.search.SearchDocument;
import io.headroom.search.SearchFilter;
import io.headroom.search.SearchHit;
import io.headroom.search.SearchIndex;
import io.headroom.search.SearchQuery;
import io.headroom.search.SearchSchema;
import io.headroom.search.SearchSort;
import io.headroom.search.lucene.LuceneSearchIndex;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * People discovery of the Social Connect app on a {@link SearchIndex}: "people named ~'jon' near me who share my
 * interests". Firestore cannot answer this (no full-text, no fuzzy, no geo radius); the profile documents are
 * mirrored into a search index on every profile write, and discovery queries run there.
 */
final class PeopleSearch implements AutoCloseable {

    /**
     * A user profile as the app stores it.
     *
     * @param uid user id
     * @param displayName display name
     * @param bio free text
     * @param city city (exact keyword)
     * @param home where the user is
     * @param interests interest tags
     * @param lastActiveMillis last activity, epoch millis
     */
    record Profile(String uid, String displayName, String bio, String city, GeoPoint home, Set<String> interests,
                   long lastActiveMillis) {
    }

    /** The people index's fields: a name match counts three times a bio match. */
    static final SearchSchema SCHEMA = SearchSchema.builder()
            .text("name", 3).text("bio", 1)
            .keyword("city", FieldOption.FACETABLE)
            .keyword("interests", FieldOption.FACETABLE)
            .date("lastActive", FieldOption.SORTABLE)
            .geoPoint("home")
            .build();

    private final SearchIndex<Profile> index;

    /**
     * Creates the people index.
     *
     * @param clock the wall clock recency is measured against ("now")
     */
    PeopleSearch(Clock clock) {
        this.index = LuceneSearchIndex.inMemory(SearchConfig.named("people").schema(SCHEMA).build(),
                PeopleSearch::toDocument, clock);
    }

    static SearchDocument toDocument(Profile p) {
        return SearchDocument.builder(p.uid()).text("name", p.displayName()).text("bio", p.bio())
                .keyword("city", p.city()).keywords("interests", p.interests())
                .date("lastActive", Instant.ofEpochMilli(p.lastActiveMillis())).geoPoint("home", p.home()).build();
    }

    /** Mirrors a profile write into the index (call on every profile create/update). */
    void onProfileWritten(Profile p) {
        index.upsert(p);
    }

    /** Removes a deleted account. */
    void onProfileDeleted(String uid) {
        index.delete(uid);
    }

    /** Makes the writes so far searchable (the app would do this every second or so). */
    void refresh() {
        index.refresh();
    }

    /**
     * People whose name matches {@code name} as typed (typos by word length, the last word as a prefix), within
     * {@code radiusKm} of {@code me}, ranked by name match, then shared interests, then recent activity (relative to
     * the index's clock).
     */
    List<SearchHit> discover(Profile me, String name, double radiusKm) {
        return index.search(SearchQuery.builder()
                .text(name).asYouType(true)
                .filter(SearchFilter.within("home", me.home(), radiusKm * 1000))
                .ranking(Ranking.builder()
                        .sharedInterests("interests", me.interests(), 1)
                        .recency("lastActive", Duration.ofDays(7), 0.5f)
                        .build())
                .pageSize(10)
                .build()).hits().stream().filter(h -> !h.id().equals(me.uid())).toList();
    }

    /** Everyone within {@code radiusKm}, nearest first. */
    List<SearchHit> nearest(Profile me, double radiusKm) {
        return index.search(SearchQuery.builder().filter(SearchFilter.within("home", me.home(), radiusKm * 1000))
                .sort(SearchSort.byDistance("home", me.home())).pageSize(10).build()).hits().stream()
                .filter(h -> !h.id().equals(me.uid())).toList();
    }

    @Override
    public void close() {
        index.close();
    }

    /** Prints a small discovery session. */
    static void run(PrintStream out) {
        long now = 1_764_000_000_000L;
        Profile me = new Profile("me", "Ana", "likes jazz", "paris", GeoPoint.of(48.8566, 2.3522),
                Set.of("jazz", "hiking", "chess"), now);
        try (PeopleSearch people = new PeopleSearch(Clock.fixed(Instant.ofEpochMilli(now), ZoneOffset.UTC))) {
            people.onProfileWritten(me);
            people.onProfileWritten(new Profile("u1", "Jon Martin", "guitar and hiking", "paris",
                    GeoPoint.of(48.86, 2.36), Set.of("jazz", "hiking"), now - 3_600_000));
            people.onProfileWritten(new Profile("u2", "John Doe", "chess club", "paris",
                    GeoPoint.of(48.85, 2.34), Set.of("golf"), now - 3_600_000));
            people.onProfileWritten(new Profile("u3", "Joan Rivera", "opera", "lyon",
                    GeoPoint.of(45.76, 4.83), Set.of("jazz", "hiking", "chess"), now));
            people.onProfileWritten(new Profile("u4", "Maria Jones", "runs marathons", "paris",
                    GeoPoint.of(48.87, 2.33), Set.of("running"), now));
            people.refresh();
            out.println();
            out.println("People search (Lucene, embedded: typo-tolerant name as you type, 10 km radius, shared"
                    + " interests, recency)");
            for (SearchHit h : people.discover(me, "john", 10)) {
                out.printf(Locale.ROOT, "  ~john within 10 km: %s score=%.2f distance=%.0f m%n", h.id(), h.score(),
                        h.distanceMeters());
            }
            for (SearchHit h : people.nearest(me, 10)) {
                out.printf(Locale.ROOT, "  nearest: %s %.0f m%n", h.id(), h.distanceMeters());
            }
        }
    }

    /**
     * Runs the session on standard output.
     *
     * @param args unused
     */
    public static void main(String[] args) {
        run(System.out);
    }
}
