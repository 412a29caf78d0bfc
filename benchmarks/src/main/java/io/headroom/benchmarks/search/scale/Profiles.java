package io.headroom.benchmarks.search.scale;

import io.headroom.search.FieldOption;
import io.headroom.search.GeoPoint;
import io.headroom.search.SearchDocument;
import io.headroom.search.SearchSchema;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Synthetic people profiles, deterministic for a seed: first names from a Zipf-like distribution over 120 names
 * (many people share "maria" or "james"), last names over 200, 1 to 10 interests of 200 (popular ones more often),
 * homes clustered around 40 cities (Gaussian, about 8 km), last-active times within 90 days (recent more often).
 */
final class Profiles {

    static final SearchSchema SCHEMA = SearchSchema.builder()
            .text("name", 3).text("bio", 1)
            .keyword("city", FieldOption.FACETABLE)
            .keyword("interests", FieldOption.FACETABLE)
            .date("lastActive", FieldOption.SORTABLE)
            .geoPoint("home")
            .build();

    static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");

    static final String[] FIRST = ("maria james john robert michael william david richard joseph thomas charles "
            + "mary patricia jennifer linda elizabeth barbara susan jessica sarah karen lisa nancy betty sandra "
            + "ashley emily donna michelle carol amanda melissa deborah stephanie rebecca laura sharon cynthia "
            + "kathleen amy angela shirley anna brenda pamela emma nicole helen samantha katherine christine "
            + "debra rachel carolyn janet catherine heather diane ruth julie olivia joyce virginia victoria "
            + "kelly lauren christina joan evelyn judith megan andrea cheryl hannah jacqueline martha gloria "
            + "teresa ann sara madison frances kathryn janice jean abigail alice judy sophia grace denise amber "
            + "doris marilyn danielle beverly isabella theresa diana natalie brittany charlotte marie kayla "
            + "alexis lori zoe noel jose luis pierre lucas sofia mateo leon").split(" ");
    static final String[] LAST = buildLast();
    static final String[] CITIES = ("paris lyon marseille berlin munich hamburg madrid barcelona lisbon porto rome "
            + "milan naples vienna zurich geneva brussels amsterdam rotterdam london manchester dublin edinburgh "
            + "oslo stockholm copenhagen helsinki warsaw krakow prague budapest athens istanbul bucharest sofia "
            + "belgrade zagreb ljubljana riga tallinn").split(" ");
    private static final double[][] CITY_POINTS = cityPoints();

    private Profiles() {
    }

    private static String[] buildLast() {
        String[] stems = ("smith johnson garcia martin muller rossi dubois silva novak kowalski nielsen jansen "
                + "schmidt fischer weber moreau laurent bernard lopez gonzalez perez sanchez romano ricci costa "
                + "ferreira santos horvat popescu ivanov petrov larsen hansen berg lindqvist virtanen murphy "
                + "kelly walsh byrne").split(" ");
        String[] suffixes = {"", "son", "er", "ini", "ova"};
        List<String> out = new ArrayList<>();
        for (String s : stems) {
            for (String x : suffixes) {
                out.add(s + x);
            }
        }
        return out.toArray(String[]::new);
    }

    private static double[][] cityPoints() {
        Random r = new Random(7);
        double[][] p = new double[CITIES.length][];
        for (int i = 0; i < p.length; i++) {
            p[i] = new double[] {38 + r.nextDouble() * 22, -8 + r.nextDouble() * 35};
        }
        return p;
    }

    static GeoPoint city(int i) {
        return GeoPoint.of(CITY_POINTS[i][0], CITY_POINTS[i][1]);
    }

    /** Index of a Zipf-like draw over {@code n} items (item 0 the most frequent). */
    static int zipf(Random r, int n) {
        // inverse of a harmonic CDF, approximated: frequent heads, long tail
        double u = r.nextDouble();
        return (int) Math.min(n - 1, Math.floor(Math.pow(n + 1, u) - 1));
    }

    static String interest(int i) {
        return "topic" + i;
    }

    static SearchDocument profile(long seed, int i) {
        Random r = new Random(seed * 1_000_003L + i);
        String name = FIRST[zipf(r, FIRST.length)] + " " + LAST[zipf(r, LAST.length)];
        int c = zipf(r, CITIES.length);
        double lat = CITY_POINTS[c][0] + r.nextGaussian() * 0.07;
        double lon = CITY_POINTS[c][1] + r.nextGaussian() * 0.1;
        Set<String> interests = new LinkedHashSet<>();
        int n = 1 + r.nextInt(10);
        while (interests.size() < n) {
            interests.add(interest(zipf(r, 200)));
        }
        long ago = (long) (-Math.log(1 - r.nextDouble()) * Duration.ofDays(10).toMillis());
        return SearchDocument.builder("p" + i).text("name", name)
                .text("bio", "likes " + String.join(" ", interests).replace("topic", "t"))
                .keyword("city", CITIES[c]).keywords("interests", interests)
                .date("lastActive", NOW.minusMillis(Math.min(ago, Duration.ofDays(90).toMillis())))
                .geoPoint("home", GeoPoint.of(Math.max(-90, Math.min(90, lat)), Math.max(-180, Math.min(180, lon))))
                .build();
    }
}
