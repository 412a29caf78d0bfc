package io.headroom.testkit.firestore.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.firestore.v1.CommitRequest;
import com.google.firestore.v1.Document;
import com.google.firestore.v1.Write;
import io.headroom.testkit.ManualTicker;
import io.headroom.testkit.firestore.Contention;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The contention model (with {@code maxWait} zero) is exactly a (burst, rate) regulator per document: accepted
 * writes never exceed {@code burst + rate * window} in any window, and a write is refused only when accepting it
 * would break that bound. Usage counts exactly the accepted writes.
 */
class ContentionProperties {

    private static final String DB = "projects/p/databases/(default)";

    /** Time advances by quarters of the emission interval plus a small offset, so boundaries are hit exactly. */
    record Step(int quarterIntervals, long offsetNanos, int doc) {
        long advance(long interval) {
            return Math.max(0, quarterIntervals * interval / 4 + offsetNanos);
        }
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Integer> quarters = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.just(0)),
                net.jqwik.api.Tuple.of(4, Arbitraries.integers().between(1, 4)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(5, 16)));
        Arbitrary<Long> offset = Arbitraries.of(0L, 0L, 0L, -1L, 1L, -1_000_000L, 1_000_000L, 7_000L);
        return Combinators.combine(quarters, offset, Arbitraries.integers().between(0, 2)).as(Step::new)
                .list().ofMaxSize(60);
    }

    @Property(tries = 200)
    void acceptedWritesFollowTheRegulatorExactly(@ForAll("steps") List<Step> steps,
            @ForAll @IntRange(min = 1, max = 4) int burst, @ForAll @IntRange(min = 1, max = 5) int perSecond) {
        ManualTicker ticker = new ManualTicker();
        Database db = new Database(DB, Contention.builder().writesPerSecond(perSecond).burst(burst)
                .maxWait(Duration.ZERO).ticker(ticker).build());
        long interval = Math.round(1e9 / perSecond);
        Map<Integer, List<Long>> accepted = new HashMap<>();
        long acceptedCount = 0;
        for (Step s : steps) {
            ticker.advance(Duration.ofNanos(s.advance(interval)));
            long now = ticker.read();
            List<Long> times = accepted.computeIfAbsent(s.doc(), k -> new ArrayList<>());
            boolean fits = fits(times, now, burst, interval);
            boolean ok;
            try {
                db.commit(CommitRequest.newBuilder().setDatabase(DB).addWrites(Write.newBuilder()
                        .setUpdate(Document.newBuilder().setName(DB + "/documents/c/d" + s.doc()))).build());
                ok = true;
            } catch (EmulatorException e) {
                assertThat(e.code()).isEqualTo(io.grpc.Status.Code.ABORTED);
                ok = false;
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            assertThat(ok).as("write to d%d at %d ns with accepted %s (burst %d, %d/s)", s.doc(), now, times, burst,
                    perSecond).isEqualTo(fits);
            if (ok) {
                times.add(now);
                acceptedCount++;
            }
        }
        assertThat(db.usage().writes()).isEqualTo(acceptedCount);
    }

    // Accepting a write at `now` keeps, for every window starting at an earlier accepted write (or at now), the
    // count within burst + window / interval.
    private static boolean fits(List<Long> times, long now, int burst, long interval) {
        if (burst < 1) {
            return false;
        }
        for (int i = 0; i < times.size(); i++) {
            long n = times.size() - i + 1; // writes in [times[i], now] including this one
            if ((n - burst) * interval > now - times.get(i)) {
                return false;
            }
        }
        return true;
    }
}
