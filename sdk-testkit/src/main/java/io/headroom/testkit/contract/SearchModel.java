package io.headroom.testkit.contract;

import io.headroom.search.FacetCount;
import io.headroom.search.GeoPoint;
import io.headroom.search.Ranking;
import io.headroom.search.SchemaField;
import io.headroom.search.SearchDocument;
import io.headroom.search.SearchFilter;
import io.headroom.search.SearchQuery;
import io.headroom.search.SearchSchema;
import io.headroom.search.SearchSort;
import io.headroom.search.TypoTolerance;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The brute-force model of docs/search-query-language.md the contract compares every backend with: it evaluates a
 * query over a list of documents by the spec's formulas (optimal-string-alignment edit distance, haversine,
 * match classes, decays), with no index. Its analysis (split on non-letters and non-digits, lower-case, strip
 * accents) agrees with the engines' on the texts the contract generates (Latin letters, spaces, accents that fold to
 * one ASCII letter).
 */
final class SearchModel {

    /** Mean Earth radius of the spec (Lucene's and OpenSearch's haversine). */
    static final double EARTH_RADIUS_M = 6_371_008.7714;

    private final SearchSchema schema;
    private final long recencyOrigin;

    /** A hit of the model: id, score, and the document. */
    record Hit(String id, double score, SearchDocument doc) {
    }

    SearchModel(SearchSchema schema, long recencyOriginMillis) {
        this.schema = schema;
        this.recencyOrigin = recencyOriginMillis;
    }

    // ---- analysis and distances ----------------------------------------------------------------------------

    static List<String> words(String text) {
        String folded = Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}", "")
                .toLowerCase(Locale.ROOT);
        List<String> out = new ArrayList<>();
        for (String w : folded.split("[^\\p{L}\\p{N}]+")) {
            if (!w.isEmpty()) {
                out.add(w);
            }
        }
        return out;
    }

    /** Optimal string alignment distance over code points. */
    static int osa(String a, String b) {
        int[] s = a.codePoints().toArray();
        int[] t = b.codePoints().toArray();
        int[][] d = new int[s.length + 1][t.length + 1];
        for (int i = 0; i <= s.length; i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= t.length; j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= s.length; i++) {
            for (int j = 1; j <= t.length; j++) {
                int cost = s[i - 1] == t[j - 1] ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && s[i - 1] == t[j - 2] && s[i - 2] == t[j - 1]) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[s.length][t.length];
    }

    static double haversine(GeoPoint a, GeoPoint b) {
        double dLat = Math.toRadians(b.lat() - a.lat());
        double dLon = Math.toRadians(b.lon() - a.lon());
        double h = Math.pow(Math.sin(dLat / 2), 2) + Math.cos(Math.toRadians(a.lat()))
                * Math.cos(Math.toRadians(b.lat())) * Math.pow(Math.sin(dLon / 2), 2);
        return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
    }

    /** The class weight of query word {@code q} against document word {@code w}, or -1 when it does not match. */
    static double classWeight(String q, String w, boolean prefixAllowed, TypoTolerance typos) {
        if (w.equals(q)) {
            return 1.0;
        }
        if (prefixAllowed && w.startsWith(q)) {
            return 0.75;
        }
        int len = q.codePointCount(0, q.length());
        int p = typos.exactPrefixLength();
        int max = p >= len ? 0 : typos.maxTypos(len);
        if (max == 0) {
            return -1;
        }
        int[] qc = q.codePoints().toArray();
        int[] wc = w.codePoints().toArray();
        if (wc.length < p || !Arrays.equals(Arrays.copyOf(qc, p), Arrays.copyOf(wc, p))) {
            return -1;
        }
        int d = osa(new String(qc, p, qc.length - p), new String(wc, p, wc.length - p));
        if (d == 1 && max >= 1) {
            return 0.5;
        }
        if (d == 2 && max >= 2) {
            return 0.25;
        }
        return -1;
    }

    // ---- matching ------------------------------------------------------------------------------------------

    /** The text score of a document, or -1 when it does not match the words. */
    double textScore(SearchDocument d, SearchQuery q, List<String> qw) {
        if (qw.isEmpty()) {
            return 0;
        }
        Map<String, List<String>> fields = new LinkedHashMap<>();
        for (SchemaField f : schema.textFields()) {
            String text = d.text().get(f.name());
            fields.put(f.name(), text == null ? List.of() : words(text));
        }
        double total = 0;
        for (int i = 0; i < qw.size(); i++) {
            boolean prefix = q.asYouType() && i == qw.size() - 1;
            double best = -1;
            for (SchemaField f : schema.textFields()) {
                for (String w : fields.get(f.name())) {
                    double c = classWeight(qw.get(i), w, prefix, q.typoTolerance());
                    if (c >= 0) {
                        best = Math.max(best, f.boost() * c);
                    }
                }
            }
            if (best < 0) {
                return -1;
            }
            total += best;
        }
        if (qw.size() >= 2 && q.phraseBoost() > 0) {
            double phrase = 0;
            for (SchemaField f : schema.textFields()) {
                if (java.util.Collections.indexOfSubList(fields.get(f.name()), qw) >= 0) {
                    phrase = Math.max(phrase, f.boost());
                }
            }
            total += q.phraseBoost() * phrase;
        }
        return total;
    }

    static boolean matches(SearchFilter f, SearchDocument d) {
        if (f instanceof SearchFilter.Keywords k) {
            Set<String> values = d.keywords().getOrDefault(k.field(), Set.of());
            return switch (k.mode()) {
                case ANY_OF -> k.values().stream().anyMatch(values::contains);
                case ALL_OF -> values.containsAll(k.values());
                case NONE_OF -> k.values().stream().noneMatch(values::contains);
            };
        }
        if (f instanceof SearchFilter.NumberRange r) {
            Long v = d.numbers().get(r.field());
            return v != null && (r.min() == null || v >= r.min()) && (r.max() == null || v <= r.max());
        }
        if (f instanceof SearchFilter.DateRange r) {
            var v = d.dates().get(r.field());
            return v != null && (r.from() == null || !v.isBefore(r.from())) && (r.to() == null || !v.isAfter(r.to()));
        }
        if (f instanceof SearchFilter.GeoDistance g) {
            GeoPoint p = d.geoPoints().get(g.field());
            return p != null && haversine(g.center(), p) <= g.radiusMeters();
        }
        if (f instanceof SearchFilter.All a) {
            return a.filters().stream().allMatch(x -> matches(x, d));
        }
        if (f instanceof SearchFilter.Any a) {
            return a.filters().stream().anyMatch(x -> matches(x, d));
        }
        return !matches(((SearchFilter.Not) f).filter(), d);
    }

    /** Whether the document lies within {@code slackMeters} of the circle of some geo filter of the query. */
    static boolean nearAGeoBoundary(Collection<SearchFilter> filters, SearchDocument d, double slackMeters) {
        for (SearchFilter f : filters) {
            if (f instanceof SearchFilter.GeoDistance g) {
                GeoPoint p = d.geoPoints().get(g.field());
                if (p != null && Math.abs(haversine(g.center(), p) - g.radiusMeters()) < slackMeters) {
                    return true;
                }
            } else if (f instanceof SearchFilter.All a && nearAGeoBoundary(a.filters(), d, slackMeters)) {
                return true;
            } else if (f instanceof SearchFilter.Any a && nearAGeoBoundary(a.filters(), d, slackMeters)) {
                return true;
            } else if (f instanceof SearchFilter.Not n && nearAGeoBoundary(List.of(n.filter()), d, slackMeters)) {
                return true;
            }
        }
        return false;
    }

    double score(SearchDocument d, SearchQuery q, double text) {
        Ranking r = q.ranking();
        double s = r.textWeight() * text;
        for (Ranking.SharedInterests si : r.sharedInterests()) {
            long shared = d.keywords().getOrDefault(si.field(), Set.of()).stream().filter(si.values()::contains)
                    .count();
            s += si.weight() * shared;
        }
        Ranking.DistanceDecay dd = r.distance();
        if (dd != null) {
            GeoPoint p = d.geoPoints().get(dd.field());
            if (p != null) {
                s += dd.weight() * dd.pivotMeters() / (dd.pivotMeters() + haversine(dd.origin(), p));
            }
        }
        Ranking.RecencyDecay rd = r.recency();
        if (rd != null) {
            var t = d.dates().get(rd.field());
            if (t != null) {
                long origin = rd.origin() == null ? recencyOrigin : rd.origin().toEpochMilli();
                double pivot = rd.pivot().toMillis();
                s += rd.weight() * pivot / (pivot + Math.abs(origin - t.toEpochMilli()));
            }
        }
        return s;
    }

    /** Every hit of the query, in the query's order (ties by id). */
    List<Hit> search(Collection<SearchDocument> docs, SearchQuery q) {
        List<String> qw = q.text() == null ? List.of() : words(q.text());
        List<Hit> hits = new ArrayList<>();
        for (SearchDocument d : docs) {
            double text = textScore(d, q, qw);
            if (text < 0 || !q.filters().stream().allMatch(f -> matches(f, d))) {
                continue;
            }
            hits.add(new Hit(d.id(), score(d, q, text), d));
        }
        hits.sort(order(q.sort()));
        return hits;
    }

    static Comparator<Hit> order(SearchSort sort) {
        Comparator<Hit> byId = Comparator.comparing(h -> h.id().getBytes(StandardCharsets.UTF_8),
                Arrays::compareUnsigned);
        if (sort instanceof SearchSort.ByDistance bd) {
            return Comparator.comparingDouble((Hit h) -> {
                GeoPoint p = h.doc().geoPoints().get(bd.field());
                return p == null ? Double.POSITIVE_INFINITY : haversine(bd.from(), p);
            }).thenComparing(byId);
        }
        if (sort instanceof SearchSort.ByField bf) {
            Comparator<Hit> values = (a, b) -> {
                Comparable<Object> va = sortValue(a.doc(), bf);
                Comparable<Object> vb = sortValue(b.doc(), bf);
                if (va == null || vb == null) {
                    return va == null ? (vb == null ? 0 : 1) : -1; // missing last in both directions
                }
                int c = va.compareTo(vb);
                return bf.descending() ? -c : c;
            };
            return values.thenComparing(byId);
        }
        return Comparator.comparingDouble((Hit h) -> -h.score()).thenComparing(byId);
    }

    @SuppressWarnings("unchecked")
    private static Comparable<Object> sortValue(SearchDocument d, SearchSort.ByField bf) {
        Set<String> kw = d.keywords().get(bf.field());
        if (kw != null) {
            // smallest ascending, largest descending; compared as UTF-8 bytes, like the engines
            Comparator<String> bytes = Comparator.comparing(s -> s.getBytes(StandardCharsets.UTF_8),
                    Arrays::compareUnsigned);
            String v = bf.descending() ? kw.stream().max(bytes).orElseThrow() : kw.stream().min(bytes).orElseThrow();
            return (Comparable<Object>) (Comparable<?>) new Utf8(v);
        }
        Long n = d.numbers().get(bf.field());
        if (n != null) {
            return (Comparable<Object>) (Comparable<?>) n;
        }
        var t = d.dates().get(bf.field());
        return t == null ? null : (Comparable<Object>) (Comparable<?>) t.toEpochMilli();
    }

    private record Utf8(String value) implements Comparable<Utf8> {
        @Override
        public int compareTo(Utf8 o) {
            return Arrays.compareUnsigned(value.getBytes(StandardCharsets.UTF_8), o.value.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The facet counts of the query's hits, as the spec orders and cuts them. */
    static Map<String, List<FacetCount>> facets(List<Hit> hits, SearchQuery q) {
        Map<String, List<FacetCount>> out = new LinkedHashMap<>();
        for (String field : q.facets()) {
            Map<String, Long> counts = new HashMap<>();
            for (Hit h : hits) {
                h.doc().keywords().getOrDefault(field, Set.of()).forEach(v -> counts.merge(v, 1L, Long::sum));
            }
            List<FacetCount> list = new ArrayList<>();
            counts.forEach((k, v) -> list.add(new FacetCount(k, v)));
            list.sort(Comparator.comparingLong((FacetCount c) -> -c.count()).thenComparing(c -> new Utf8(c.value())));
            out.put(field, List.copyOf(list.subList(0, Math.min(q.facetSize(), list.size()))));
        }
        return out;
    }
}
