package io.headroom.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ManualTickerTest {

    @Test
    void startsAtZeroOrTheGivenReading() {
        assertThat(new ManualTicker().read()).isZero();
        assertThat(new ManualTicker(-5).read()).isEqualTo(-5);
        assertThat(new ManualTicker(1_000).read()).isEqualTo(1_000);
    }

    @Test
    void staysPutUntilMoved() {
        ManualTicker ticker = new ManualTicker(42);
        assertThat(ticker.read()).isEqualTo(42);
        assertThat(ticker.read()).isEqualTo(42);
    }

    @Test
    void advancesByNanosAndByDuration() {
        ManualTicker ticker = new ManualTicker(100);
        assertThat(ticker.advance(50)).isEqualTo(150);
        assertThat(ticker.advance(Duration.ofMillis(2))).isEqualTo(2_000_150);
        assertThat(ticker.advance(0)).isEqualTo(2_000_150);
        assertThat(ticker.advance(Duration.ZERO)).isEqualTo(2_000_150);
        assertThat(ticker.read()).isEqualTo(2_000_150);
    }

    @Test
    void setsForwardAndToTheSameReading() {
        ManualTicker ticker = new ManualTicker(10);
        ticker.set(10);
        assertThat(ticker.read()).isEqualTo(10);
        ticker.set(1_000);
        assertThat(ticker.read()).isEqualTo(1_000);
    }

    @Test
    void rejectsGoingBackwardsNamingTheArgument() {
        ManualTicker ticker = new ManualTicker(1_000);
        assertThatThrownBy(() -> ticker.advance(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nanos").hasMessageContaining("-1");
        assertThatThrownBy(() -> ticker.advance(Duration.ofNanos(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duration");
        assertThatThrownBy(() -> ticker.advance(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duration");
        assertThatThrownBy(() -> ticker.set(999))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nanos").hasMessageContaining("999");
        assertThat(ticker.read()).as("a rejected move changes nothing").isEqualTo(1_000);
    }

    @Test
    void rejectsOverflow() {
        ManualTicker ticker = new ManualTicker(Long.MAX_VALUE - 1);
        assertThatThrownBy(() -> ticker.advance(2)).isInstanceOf(ArithmeticException.class);
        assertThat(ticker.read()).isEqualTo(Long.MAX_VALUE - 1);
        assertThatThrownBy(() -> ticker.advance(Duration.ofDays(365L * 1_000)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duration");
    }

    @Test
    void concurrentAdvancesAreNeverLost() throws Exception {
        ManualTicker ticker = new ManualTicker();
        int threads = 4;
        int perThread = 10_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    long last = Long.MIN_VALUE;
                    for (int i = 0; i < perThread; i++) {
                        long now = ticker.advance(1);
                        assertThat(now).isGreaterThan(last);
                        last = now;
                    }
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(ticker.read()).isEqualTo((long) threads * perThread);
    }

    @Test
    void describesItself() {
        assertThat(new ManualTicker(7)).hasToString("ManualTicker[7 ns]");
    }
}
