package io.headroom.benchmarks.search.scale;

import io.headroom.search.DocumentMapper;
import io.headroom.search.GeoPoint;
import io.headroom.search.Ranking;
import io.headroom.search.SearchDocument;
import io.headroom.search.SearchFilter;
import io.headroom.search.SearchQuery;
import io.headroom.search.lucene.LuceneSearchIndex;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Search at scale (issue 12): synthetic people profiles ({@link Profiles}), loaded into each contender, then the
 * latency percentiles of four query types: fuzzy name, as-you-type, nearby-with-interests, ranked discovery. Not a
 * JMH benchmark: a load of a million documents is one long operation, and percentiles of single queries are what a
 * user sees. Prints a Markdown table per run (load rate, index size, heap after load, p50/p95/p99 per query type).
 *
 * <pre>
 * java -Xmx6g -cp benchmarks/target/benchmarks.jar io.headroom.benchmarks.search.scale.SearchScaleBenchmark \
 *     --profiles 1000000 --queries 2000 --contenders lucene,linear
 * </pre>
 *
 * A new column (OpenSearch) is one more entry of {@link #contenders}: an {@link IndexContender} over its
 * {@code SearchIndex} factory.
 */
public final class SearchScaleBenchmark {

    private SearchScaleBenchmark() {
    }

    /**
     * Runs the benchmark.
     *
     * @param args {@code --profiles N} (default 10,000), {@code --queries Q} per type (default 500),
     *     {@code --contenders lucene,linear} (default both), {@code --seed S}
     * @throws Exception when a contender fails
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int profiles = Integer.parseInt(opts.getOrDefault("profiles", "10000"));
        int queries = Integer.parseInt(opts.getOrDefault("queries", "500"));
        long seed = Long.parseLong(opts.getOrDefault("seed", "42"));
        List<String> names = Arrays.asList(opts.getOrDefault("contenders", "lucene,linear").split(","));
        run(profiles, queries, seed, names, System.out);
    }

    static void run(int profiles, int queries, long seed, List<String> names, PrintStream out) throws Exception {
        List<SearchDocument> docs = new AbstractList<>() {
            @Override
            public SearchDocument get(int i) {
                return Profiles.profile(seed, i);
            }

            @Override
            public int size() {
                return profiles;
            }
        };
        Map<String, List<SearchQuery>> mix = queryMix(seed, queries);
        out.printf(Locale.ROOT, "%n%,d profiles, %,d queries per type, seed %d, %d processors, max heap %,d MB%n%n",
                profiles, queries, seed, Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20);
        out.println("| contender | load (docs/s) | index size (MB) | heap after load (MB) | "
                + String.join(" | ", mix.keySet().stream().map(k -> k + " p50/p95/p99 (ms)").toList()) + " |");
        out.println("|---|---|---|---|" + "---|".repeat(mix.size()));
        for (String name : names) {
            Supplier<Contender> factory = contenders().get(name.trim());
            if (factory == null) {
                throw new IllegalArgumentException("unknown contender " + name + ", known: " + contenders().keySet());
            }
            try (Contender c = factory.get()) {
                gc();
                long heapBefore = usedHeap();
                long t0 = System.nanoTime();
                c.load(docs);
                double loadSeconds = (System.nanoTime() - t0) / 1e9;
                gc();
                long heap = usedHeap() - heapBefore;
                StringBuilder row = new StringBuilder();
                row.append(String.format(Locale.ROOT, "| %s | %,.0f | %s | %,d |", c.name(), profiles / loadSeconds,
                        c.sizeBytes() < 0 ? "–" : String.format(Locale.ROOT, "%,.1f", c.sizeBytes() / 1e6),
                        heap >> 20));
                // warm every query type before measuring any: the first type measured no longer pays for the
                // JIT and for the load's trailing merges alone
                for (List<SearchQuery> qs : mix.values()) {
                    warmUp(c, qs);
                }
                for (List<SearchQuery> qs : mix.values()) {
                    row.append(' ').append(percentiles(c, qs)).append(" |");
                }
                out.println(row);
            }
        }
    }

    /** The contenders by name; add OpenSearch here. */
    static Map<String, Supplier<Contender>> contenders() {
        Map<String, Supplier<Contender>> m = new LinkedHashMap<>();
        m.put("lucene", () -> {
            Path dir = tempDir();
            return new IndexContender("Lucene (on disk)",
                    config -> LuceneSearchIndex.onDisk(dir, config, DocumentMapper.identity()), () -> size(dir),
                    () -> delete(dir));
        });
        m.put("linear", LinearScan::new);
        m.put("opensearch", OpenSearchContender::create); // needs -Dheadroom.opensearch.url (OpenSearchContender)
        return m;
    }

    static Map<String, List<SearchQuery>> queryMix(long seed, int n) {
        Random r = new Random(seed + 1);
        Map<String, List<SearchQuery>> mix = new LinkedHashMap<>();
        List<SearchQuery> fuzzy = new ArrayList<>();
        List<SearchQuery> typing = new ArrayList<>();
        List<SearchQuery> nearby = new ArrayList<>();
        List<SearchQuery> discovery = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String first = Profiles.FIRST[Profiles.zipf(r, Profiles.FIRST.length)];
            String last = Profiles.LAST[Profiles.zipf(r, Profiles.LAST.length)];
            fuzzy.add(SearchQuery.builder().text(typo(first, r) + " " + typo(last, r)).pageSize(20).build());
            String typed = first + " " + last.substring(0, 1 + r.nextInt(Math.min(4, last.length())));
            typing.add(SearchQuery.builder().text(typed).asYouType(true).pageSize(10).build());
            GeoPoint me = Profiles.city(Profiles.zipf(r, Profiles.CITIES.length));
            List<String> mine = List.of(Profiles.interest(Profiles.zipf(r, 200)),
                    Profiles.interest(Profiles.zipf(r, 200)), Profiles.interest(Profiles.zipf(r, 200)));
            nearby.add(SearchQuery.builder().filter(SearchFilter.within("home", me, 10_000))
                    .filter(SearchFilter.anyOf("interests", mine))
                    .ranking(Ranking.builder().sharedInterests("interests", mine, 1).build()).pageSize(20).build());
            discovery.add(SearchQuery.builder().filter(SearchFilter.within("home", me, 50_000))
                    .ranking(Ranking.builder().text(0).sharedInterests("interests", mine, 1)
                            .distance("home", me, 5_000, 2)
                            .recency("lastActive", Profiles.NOW, Duration.ofDays(7), 1).build())
                    .pageSize(20).build());
        }
        mix.put("fuzzy name", fuzzy);
        mix.put("as-you-type", typing);
        mix.put("nearby + interests", nearby);
        mix.put("ranked discovery", discovery);
        return mix;
    }

    private static String typo(String w, Random r) {
        if (w.length() < 4 || r.nextInt(3) == 0) {
            return w;
        }
        int pos = 1 + r.nextInt(w.length() - 1);
        return w.substring(0, pos) + (char) ('a' + r.nextInt(26)) + w.substring(pos + 1);
    }

    // the first fifth of a type's queries, once
    private static void warmUp(Contender c, List<SearchQuery> qs) {
        int warm = Math.max(1, qs.size() / 5);
        for (int i = 0; i < warm; i++) {
            c.search(qs.get(i));
        }
    }

    private static String percentiles(Contender c, List<SearchQuery> qs) {
        // measure every query once (warmed up by warmUp)
        long[] nanos = new long[qs.size()];
        for (int i = 0; i < qs.size(); i++) {
            long t = System.nanoTime();
            c.search(qs.get(i));
            nanos[i] = System.nanoTime() - t;
        }
        Arrays.sort(nanos);
        return String.format(Locale.ROOT, "%.2f / %.2f / %.2f", pct(nanos, 0.50), pct(nanos, 0.95), pct(nanos, 0.99));
    }

    private static double pct(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    private static void gc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("headroom-search-scale");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind
        }
    }

    private static long size(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        } catch (IOException e) {
            return -1;
        }
    }
}
