package io.headroom.benchmarks.search.scale;

import io.headroom.search.GeoPoint;
import io.headroom.search.Ranking;
import io.headroom.search.SearchDocument;
import io.headroom.search.SearchFilter;
import io.headroom.search.SearchQuery;
import io.headroom.search.TypoTolerance;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * The peer a team writes without a search engine: the documents in a list (words analysed once at load), every
 * query a full scan applying the rules of docs/search-query-language.md (typo classes with an optimal string
 * alignment distance, prefix, haversine, the ranking formula) and a bounded heap for the top page. Handles the
 * query shapes of the benchmark: text, {@code anyOf} and {@code within} filters, every ranking feature.
 */
final class LinearScan implements Contender {

    private static final double EARTH_RADIUS_M = 6_371_008.7714;

    private record Row(SearchDocument doc, String[] name, String[] bio, double lat, double lon, long lastActive) {
    }

    private record Scored(String id, double score) {
    }

    private final List<Row> rows = new ArrayList<>();

    @Override
    public String name() {
        return "linear scan";
    }

    @Override
    public void load(Iterable<SearchDocument> documents) {
        for (SearchDocument d : documents) {
            GeoPoint p = d.geoPoints().get("home");
            rows.add(new Row(d, words(d.text().getOrDefault("name", "")), words(d.text().getOrDefault("bio", "")),
                    p.lat(), p.lon(), d.dates().get("lastActive").toEpochMilli()));
        }
    }

    static String[] words(String text) {
        String folded = Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}", "")
                .toLowerCase(Locale.ROOT);
        return Arrays.stream(folded.split("[^\\p{L}\\p{N}]+")).filter(w -> !w.isEmpty()).toArray(String[]::new);
    }

    @Override
    public List<String> search(SearchQuery q) {
        String[] qw = q.text() == null ? new String[0] : words(q.text());
        int k = q.pageSize().orElse(20);
        PriorityQueue<Scored> top = new PriorityQueue<>((a, b) -> a.score != b.score ? Double.compare(a.score, b.score)
                : b.id.compareTo(a.id));
        for (Row r : rows) {
            if (!filters(q, r)) {
                continue;
            }
            double text = 0;
            boolean ok = true;
            for (int i = 0; i < qw.length && ok; i++) {
                boolean prefix = q.asYouType() && i == qw.length - 1;
                double best = Math.max(3 * best(qw[i], r.name, prefix, q.typoTolerance()),
                        best(qw[i], r.bio, prefix, q.typoTolerance()));
                ok = best > 0;
                text += best;
            }
            if (!ok) {
                continue;
            }
            double s = q.ranking().textWeight() * text + features(q.ranking(), r);
            top.add(new Scored(r.doc.id(), s));
            if (top.size() > k) {
                top.poll();
            }
        }
        List<Scored> out = new ArrayList<>(top);
        out.sort((a, b) -> a.score != b.score ? Double.compare(b.score, a.score) : a.id.compareTo(b.id));
        return out.stream().map(Scored::id).toList();
    }

    private static boolean filters(SearchQuery q, Row r) {
        for (SearchFilter f : q.filters()) {
            if (f instanceof SearchFilter.GeoDistance g) {
                if (haversine(g.center().lat(), g.center().lon(), r.lat, r.lon) > g.radiusMeters()) {
                    return false;
                }
            } else if (f instanceof SearchFilter.Keywords kw && kw.mode() == SearchFilter.KeywordMode.ANY_OF) {
                Set<String> values = r.doc.keywords().getOrDefault(kw.field(), Set.of());
                if (kw.values().stream().noneMatch(values::contains)) {
                    return false;
                }
            } else {
                throw new UnsupportedOperationException("linear scan: " + f);
            }
        }
        return true;
    }

    private static double features(Ranking rk, Row r) {
        double s = 0;
        for (Ranking.SharedInterests si : rk.sharedInterests()) {
            for (String v : r.doc.keywords().getOrDefault(si.field(), Set.of())) {
                if (si.values().contains(v)) {
                    s += si.weight();
                }
            }
        }
        Ranking.DistanceDecay d = rk.distance();
        if (d != null) {
            s += d.weight() * d.pivotMeters()
                    / (d.pivotMeters() + haversine(d.origin().lat(), d.origin().lon(), r.lat, r.lon));
        }
        Ranking.RecencyDecay rec = rk.recency();
        if (rec != null && rec.origin() != null) {
            double pivot = rec.pivot().toMillis();
            s += rec.weight() * pivot / (pivot + Math.abs(rec.origin().toEpochMilli() - r.lastActive));
        }
        return s;
    }

    private static double best(String q, String[] words, boolean prefix, TypoTolerance typos) {
        double best = 0;
        int max = typos.maxTypos(q.length());
        for (String w : words) {
            if (w.equals(q)) {
                return 1;
            }
            if (prefix && w.startsWith(q)) {
                best = Math.max(best, 0.75);
            } else if (max > 0 && w.charAt(0) == q.charAt(0) && Math.abs(w.length() - q.length()) <= max) {
                int d = osa(q, w, max);
                best = Math.max(best, d == 1 ? 0.5 : d == 2 && max >= 2 ? 0.25 : 0);
            }
        }
        return best;
    }

    /** Optimal string alignment distance, stopped early above {@code max}. */
    static int osa(String a, String b, int max) {
        int n = a.length();
        int m = b.length();
        int[][] d = new int[n + 1][m + 1];
        for (int i = 0; i <= n; i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= m; j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= n; i++) {
            int rowMin = Integer.MAX_VALUE;
            for (int j = 1; j <= m; j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    v = Math.min(v, d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
                rowMin = Math.min(rowMin, v);
            }
            if (rowMin > max) {
                return max + 1;
            }
        }
        return d[n][m];
    }

    static double haversine(double lat1, double lon1, double lat2, double lon2) {
        double dLat = Math.toRadians(lat2 - lat1);
        double dLon = Math.toRadians(lon2 - lon1);
        double h = Math.pow(Math.sin(dLat / 2), 2)
                + Math.cos(Math.toRadians(lat1)) * Math.cos(Math.toRadians(lat2)) * Math.pow(Math.sin(dLon / 2), 2);
        return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
    }

    @Override
    public long sizeBytes() {
        return -1;
    }

    @Override
    public void close() {
        rows.clear();
    }
}
