package io.headroom.counter;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.counter.internal.StripedValue;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The striped value behind the in-memory counter: exact sums, exact overflow, exact take-and-zero. */
class StripedValueTest {

    @Property(tries = 300)
    void agreesWithExactArithmetic(@ForAll @Size(max = 30) List<@LongRange(min = Long.MIN_VALUE + 1) Long> deltas) {
        StripedValue v = new StripedValue();
        long model = 0;
        for (long d : deltas) {
            boolean fits;
            long next = 0;
            try {
                next = Math.addExact(model, d);
                fits = true;
            } catch (ArithmeticException e) {
                fits = false;
            }
            assertThat(v.add(d)).as("add %d to %d", d, model).isEqualTo(fits);
            if (fits) {
                model = next;
            }
            assertThat(v.sum()).isEqualTo(model);
        }
        assertThat(v.reset()).isEqualTo(model);
        assertThat(v.sum()).isZero();
        assertThat(v.add(5)).isTrue();
        assertThat(v.sum()).isEqualTo(5);
    }

    @Test
    void contendedAddsCrossingTheFastLimitSealWithoutLosingAny() throws Exception {
        StripedValue v = new StripedValue();
        long big = 1L << 50;
        int threads = 4;
        int each = 200; // 4 * 200 * 2^50 = 800 * 2^50 > 2^56 * 4 cells: the counter seals while threads add
        AtomicLong cleared = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        assertThat(v.add(big)).isTrue();
                    }
                }));
            }
            Future<?> resetter = pool.submit(() -> {
                for (int i = 0; i < 20; i++) {
                    cleared.addAndGet(v.reset());
                    Thread.yield();
                }
            });
            for (Future<?> f : done) {
                f.get(1, TimeUnit.MINUTES);
            }
            resetter.get(1, TimeUnit.MINUTES);
        } finally {
            pool.shutdownNow();
        }
        assertThat(cleared.get() + v.sum()).isEqualTo(threads * each * big);
    }

    @Test
    void manySmallContendedAddsAreExact() throws Exception {
        StripedValue v = new StripedValue();
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 100_000; i++) {
                        v.add(1);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(1, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(v.sum()).isEqualTo(400_000);
    }
}
