package io.headroom.examples;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/** Records latencies in nanoseconds (up to a fixed number of samples) and reports percentiles. Thread-safe. */
final class LatencyRecorder {

    private final AtomicLongArray samples;
    private final AtomicInteger count = new AtomicInteger();

    LatencyRecorder(int capacity) {
        this.samples = new AtomicLongArray(capacity);
    }

    void record(long nanos) {
        int i = count.getAndIncrement();
        if (i < samples.length()) {
            samples.set(i, nanos);
        }
    }

    /**
     * Returns the given percentiles in microseconds.
     *
     * @param percentiles values in (0, 100]
     * @return one figure per percentile, in the same order
     */
    double[] percentilesMicros(double... percentiles) {
        int n = Math.min(count.get(), samples.length());
        long[] sorted = new long[n];
        for (int i = 0; i < n; i++) {
            sorted[i] = samples.get(i);
        }
        Arrays.sort(sorted);
        double[] out = new double[percentiles.length];
        for (int i = 0; i < percentiles.length; i++) {
            int idx = n == 0 ? 0 : (int) Math.min(n - 1, Math.ceil(percentiles[i] / 100.0 * n) - 1);
            out[i] = n == 0 ? 0 : sorted[Math.max(0, idx)] / 1_000.0;
        }
        return out;
    }

    int count() {
        return count.get();
    }
}
