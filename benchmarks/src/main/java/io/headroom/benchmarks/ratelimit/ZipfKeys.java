package io.headroom.benchmarks.ratelimit;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A fixed, seeded sequence of key indexes drawn from a Zipf distribution (a few keys very hot, a long tail),
 * precomputed so drawing costs nothing inside a benchmark.
 */
final class ZipfKeys {

    final String[] keys;
    final int[] sequence;

    ZipfKeys(int keyCount, double exponent, int length, long seed) {
        keys = new String[keyCount];
        for (int i = 0; i < keyCount; i++) {
            keys[i] = "user:" + i;
        }
        double[] cdf = new double[keyCount];
        double sum = 0;
        for (int i = 0; i < keyCount; i++) {
            sum += 1.0 / Math.pow(i + 1, exponent);
            cdf[i] = sum;
        }
        SplittableRandom random = new SplittableRandom(seed);
        sequence = new int[length];
        for (int i = 0; i < length; i++) {
            int idx = Arrays.binarySearch(cdf, random.nextDouble() * sum);
            sequence[i] = idx >= 0 ? idx : Math.min(keyCount - 1, -idx - 1);
        }
    }

    String key(int position) {
        return keys[sequence[position & (sequence.length - 1)]];
    }
}
