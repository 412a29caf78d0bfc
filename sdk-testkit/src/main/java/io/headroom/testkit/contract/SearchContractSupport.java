package io.headroom.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.search.FieldOption;
import io.headroom.search.GeoPoint;
import io.headroom.search.SearchConfig;
import io.headroom.search.SearchDocument;
import io.headroom.search.SearchHit;
import io.headroom.search.SearchIndex;
import io.headroom.search.SearchPage;
import io.headroom.search.SearchQuery;
import io.headroom.search.SearchSchema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.jspecify.annotations.Nullable;

/**
 * The fixture of the search contract ({@link SearchIndexContract}): how a backend gives a fresh index, makes writes
 * visible, and the schema, documents and helpers every part of the contract shares. A backend's test extends
 * {@link SearchIndexContract} and implements {@link #newIndex(SearchConfig)}; a backend with a server may also
 * override {@link #refresh(SearchIndex)} (e.g. to wait for a refresh policy) and {@link #release(SearchIndex)}.
 */
public abstract class SearchContractSupport {

    /** The schema of every contract index but those that say otherwise. */
    protected static final SearchSchema SCHEMA = SearchSchema.builder()
            .text("name", 3).text("bio", 1)
            .keyword("city", FieldOption.FACETABLE, FieldOption.SORTABLE)
            .keyword("interests", FieldOption.FACETABLE)
            .number("age", FieldOption.SORTABLE)
            .date("seen", FieldOption.SORTABLE)
            .geoPoint("home")
            .build();

    /** The recency origin the ranking properties use. */
    protected static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");

    /** Creates the fixture. */
    protected SearchContractSupport() {
    }

    /**
     * Creates a fresh, empty index of {@link SearchDocument}s (identity mapper) with this configuration; the
     * contract closes it. Two indexes created with the same name and keys stand for two instances of one service:
     * they may share storage (a remote engine) or not (embedded); the contract writes the same documents to both.
     * The index must implement {@link io.headroom.spi.VersionedSearchBackend} for the reindex examples.
     *
     * @param config the configuration
     * @return the index
     */
    protected abstract SearchIndex<SearchDocument> newIndex(SearchConfig config);

    /**
     * Makes every write so far visible to searches; by default {@link SearchIndex#refresh()}.
     *
     * @param index the index
     */
    protected void refresh(SearchIndex<SearchDocument> index) {
        index.refresh();
    }

    /**
     * Releases an index the contract is done with; by default {@link SearchIndex#close()}. A server backend may
     * also delete its remote index here.
     *
     * @param index the index
     */
    protected void release(SearchIndex<SearchDocument> index) {
        index.close();
    }

    /**
     * A fresh, empty index named {@code "contract"} with {@link #SCHEMA} and the other settings at their defaults.
     *
     * @return the index
     */
    protected SearchIndex<SearchDocument> newIndex() {
        return newIndex(SearchConfig.named("contract").schema(SCHEMA).build());
    }

    /** Runs a body on a fresh index and releases it. */
    final void withIndex(java.util.function.Consumer<SearchIndex<SearchDocument>> body) {
        SearchIndex<SearchDocument> index = newIndex();
        try {
            body.accept(index);
        } finally {
            release(index);
        }
    }

    final void load(SearchIndex<SearchDocument> index, List<SearchDocument> docs) {
        docs.forEach(index::upsert);
        refresh(index);
    }

    static List<String> ids(SearchPage page) {
        return page.hits().stream().map(SearchHit::id).collect(Collectors.toList());
    }

    /** Every hit of a query, page after page (a search_after walk). */
    static List<SearchHit> walk(SearchIndex<SearchDocument> index, SearchQuery query) {
        List<SearchHit> all = new ArrayList<>();
        SearchPage page = index.search(query);
        while (true) {
            all.addAll(page.hits());
            String next = page.nextCursor();
            if (next == null) {
                return all;
            }
            page = index.search(query.after(next));
        }
    }

    static void fill(SearchIndex<SearchDocument> index, int n) {
        for (int i = 0; i < n; i++) {
            index.upsert(SearchDocument.builder("d" + i).text("name", "match").geoPoint("home", GeoPoint.of(10, 20))
                    .keyword("interests", "jazz").build());
        }
    }

    static void assertScoreClose(SearchHit hit, double model) {
        assertThat(hit.score()).as("score of %s", hit.id()).isCloseTo(model,
                org.assertj.core.data.Offset.offset(1e-3 * Math.max(1, Math.abs(model))));
    }

    // ---- arbitraries ---------------------------------------------------------------------------------------

    /** Short words over five letters, so that many are within one or two edits of each other. */
    static Arbitrary<String> word() {
        return Arbitraries.strings().withChars("abcde").ofMinLength(2).ofMaxLength(9);
    }

    /** A word as a user would type it: some capitals, some accents (folded by analysis). */
    static Arbitrary<String> typed(Arbitrary<String> word) {
        return word.flatMap(w -> Arbitraries.integers().between(0, 3).map(style -> switch (style) {
            case 1 -> w.toUpperCase(java.util.Locale.ROOT);
            case 2 -> w.replace('e', 'é');
            case 3 -> w.replace('a', 'à').replace('e', 'ë');
            default -> w;
        }));
    }

    static Arbitrary<GeoPoint> point() {
        // a box of ~1 degree around Paris
        return Combinators.combine(Arbitraries.doubles().between(48.4, 49.3), Arbitraries.doubles().between(1.7, 3.0))
                .as(GeoPoint::new);
    }

    static final List<String> CITIES = List.of("paris", "lyon", "nice", "Nice", "saint-étienne");
    static final List<String> INTERESTS = List.of("jazz", "hiking", "chess", "rust", "golf", "opera");

    /** A document with every field optional. */
    static Arbitrary<SearchDocument> document(int i) {
        Arbitrary<@Nullable String> name = typed(word()).list().ofMinSize(1).ofMaxSize(3)
                .map(ws -> String.join(" ", ws)).injectNull(0.1);
        Arbitrary<@Nullable String> bio = typed(word()).list().ofMinSize(1).ofMaxSize(4)
                .map(ws -> String.join(" ", ws)).injectNull(0.3);
        Arbitrary<List<String>> cities = Arbitraries.of(CITIES).set().ofMaxSize(2).map(List::copyOf);
        Arbitrary<List<String>> interests = Arbitraries.of(INTERESTS).set().ofMaxSize(4).map(List::copyOf);
        Arbitrary<@Nullable Long> age = Arbitraries.longs().between(15, 80).injectNull(0.2);
        Arbitrary<@Nullable Instant> seen = Arbitraries.longs().between(0, 60L * 86_400_000)
                .map(ago -> NOW.minusMillis(ago)).injectNull(0.2);
        Arbitrary<@Nullable GeoPoint> home = point().injectNull(0.2);
        return Combinators.combine(name, bio, cities, interests, age, seen, home).as((n, b, c, in, a, s, h) -> {
            SearchDocument.Builder d = SearchDocument.builder("u" + (i < 10 ? "0" : "") + i);
            if (n != null) {
                d.text("name", n);
            }
            if (b != null) {
                d.text("bio", b);
            }
            if (!c.isEmpty()) {
                d.keywords("city", c);
            }
            if (!in.isEmpty()) {
                d.keywords("interests", in);
            }
            if (a != null) {
                d.number("age", a);
            }
            if (s != null) {
                d.date("seen", s);
            }
            if (h != null) {
                d.geoPoint("home", h);
            }
            return d.build();
        });
    }

    static Arbitrary<List<SearchDocument>> documents(int max) {
        return Arbitraries.integers().between(1, max).flatMap(n -> {
            List<Arbitrary<SearchDocument>> each = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                each.add(document(i));
            }
            return Combinators.combine(each).as(List::copyOf);
        });
    }
}
