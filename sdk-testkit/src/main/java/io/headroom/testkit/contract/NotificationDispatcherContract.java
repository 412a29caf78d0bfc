package io.headroom.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headroom.notify.DispatchBufferFullException;
import io.headroom.notify.DispatchConfig;
import io.headroom.notify.DispatchListener;
import io.headroom.notify.DispatchOutagePolicy;
import io.headroom.notify.FailureReason;
import io.headroom.notify.DispatcherClosedException;
import io.headroom.notify.Notification;
import io.headroom.notify.NotificationDispatcher;
import io.headroom.notify.ProviderUnavailableException;
import io.headroom.ratelimit.Bandwidth;
import io.headroom.spi.PushProvider;
import io.headroom.spi.SendResult;
import io.headroom.testkit.FcmEmulator;
import io.headroom.testkit.ManualScheduler;
import io.headroom.testkit.ManualTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.jspecify.annotations.Nullable;

/**
 * The contract every {@link NotificationDispatcher} with every {@link PushProvider} must pass, unchanged: extend
 * it, implement {@link #fixture()}, run it with the jqwik engine. Time is manual ({@link ManualTicker} plus
 * {@link ManualScheduler}), so nothing depends on the machine's speed.
 *
 * <p>It checks: every accepted notification reaches the provider at least once and, absent retryable failures,
 * exactly once, collapsed ones represented by the latest of their group with the right count; the per-recipient
 * rate is never exceeded and excess is deferred, not dropped; permanent failures are reported and never retried;
 * retryable failures are retried until delivered, never before the provider's {@code Retry-After}, and a quota
 * answer pauses the whole provider for at least {@code Retry-After}; under random mixes of every FCM error class
 * per token, no token is reported invalid unless the provider said so for that token, and every accepted
 * notification ends as exactly one of delivered, token invalid, or failed with a typed reason; a spent retry
 * budget is reported; a full buffer throws a typed exception and drops nothing; {@code FAIL_FAST} rejects while
 * the provider fails; close drains; bad input fails with a clear message before any I/O.
 */
public abstract class NotificationDispatcherContract {

    /**
     * Creates a fresh fixture (no faults, nothing accepted); closed by the contract after each try.
     *
     * @return the fixture
     */
    protected abstract PushFixture fixture();

    /**
     * Creates the dispatcher under test; override for a backend other than the in-memory one.
     *
     * @param config the configuration
     * @param provider the provider
     * @param scheduler the manual scheduler, whose {@link ManualScheduler#ticker()} is the time source
     * @return the dispatcher
     */
    protected NotificationDispatcher create(DispatchConfig config, PushProvider provider, ManualScheduler scheduler) {
        return NotificationDispatcher.inMemory(config, provider, scheduler.ticker(), scheduler);
    }

    /**
     * One submission of a generated scenario.
     *
     * @param token index of the device token, 0 to 3
     * @param key index of the collapse key, -1 for none
     * @param advanceMillis manual time passing before it
     */
    public record Op(int token, int key, int advanceMillis) {
        Notification notification(int index) {
            return Notification.to("token-" + token).collapseKey(key < 0 ? null : "chat-" + key)
                    .title("m" + index).body("message " + index).build();
        }
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        return Combinators.combine(Arbitraries.integers().between(0, 3), Arbitraries.integers().between(-1, 2),
                Arbitraries.integers().between(0, 300)).as(Op::new).list().ofMinSize(1).ofMaxSize(30);
    }

    /** A sent notification as the recording provider saw it. */
    private record Sent(long atNanos, Notification n) {
    }

    /** A quota answer the recording provider saw: nothing may be sent in {@code (atNanos, atNanos + retryAfter)}. */
    private record QuotaAnswer(long atNanos, Duration retryAfter) {
    }

    /** One try: manual time, the fixture, a recording provider, the listener's reports, the dispatcher. */
    private final class Run implements AutoCloseable {
        final ManualScheduler scheduler = new ManualScheduler(new ManualTicker(1_000_000_000_000L));
        final PushFixture fx = fixture();
        final List<Sent> sent = new ArrayList<>();
        final List<Integer> batchSizes = new ArrayList<>();
        final List<Notification> delivered = new ArrayList<>();
        final List<QuotaAnswer> quotaAnswers = new ArrayList<>();
        final List<Notification> permanent = new ArrayList<>();
        final List<String> permanentReasons = new ArrayList<>();
        final List<Notification> undeliverable = new ArrayList<>();
        final List<String> undeliverableReasons = new ArrayList<>();
        final List<FailureReason> failedReasons = new ArrayList<>();
        final List<FailureReason> pauses = new ArrayList<>();
        final NotificationDispatcher d;

        Run(UnaryOperator<DispatchConfig.Builder> tune) {
            PushProvider recording = batch -> {
                synchronized (this) {
                    batchSizes.add(batch.size());
                    long now = scheduler.ticker().read();
                    batch.forEach(n -> sent.add(new Sent(now, n)));
                }
                return fx.provider().sendBatch(batch).thenApply(results -> {
                    synchronized (this) {
                        long now = scheduler.ticker().read();
                        for (SendResult r : results) {
                            if (r instanceof SendResult.Failed f && f.reason() == FailureReason.QUOTA_EXCEEDED) {
                                quotaAnswers.add(new QuotaAnswer(now, f.retryAfter()));
                            }
                        }
                    }
                    return results;
                });
            };
            DispatchListener listener = new DispatchListener() {
                @Override
                public void onDelivered(Notification n) {
                    synchronized (Run.this) {
                        delivered.add(n);
                    }
                }

                @Override
                public void onTokenInvalid(Notification n, String detail) {
                    synchronized (Run.this) {
                        permanent.add(n);
                        permanentReasons.add(detail);
                    }
                }

                @Override
                public void onFailed(Notification n, FailureReason reason, String detail) {
                    synchronized (Run.this) {
                        undeliverable.add(n);
                        failedReasons.add(reason);
                        undeliverableReasons.add(detail);
                    }
                }

                @Override
                public void onProviderPaused(FailureReason reason, Duration pause, String detail) {
                    synchronized (Run.this) {
                        pauses.add(reason);
                    }
                }
            };
            DispatchConfig.Builder b = DispatchConfig.builder().name("contract")
                    .perRecipientRate(Bandwidth.of(1000, Duration.ofSeconds(1))).maxAttempts(5)
                    .initialBackoff(Duration.ofMillis(100)).maxBackoff(Duration.ofSeconds(1)).jitter(0.5)
                    .bufferCapacity(1000).maxConcurrentBatches(2).providerTimeout(Duration.ofSeconds(30))
                    .credentialsPause(Duration.ofSeconds(1))
                    .closeTimeout(Duration.ofSeconds(10)).listener(listener);
            d = create(tune.apply(b).build(), recording, scheduler);
        }

        void advance(long millis) {
            if (millis > 0) {
                scheduler.advance(Duration.ofMillis(millis));
            }
        }

        /** Flushes and lets manual time pass until nothing is held (or fails after a bound). */
        void settle() {
            for (int k = 0; k < 600; k++) {
                join(d.flushAsync().toCompletableFuture());
                if (d.stats().pending() == 0) {
                    return;
                }
                advance(250);
            }
            throw new AssertionError("dispatcher did not settle: " + d.stats() + ", timers " + scheduler.dueIn());
        }

        synchronized List<Sent> sent() {
            return List.copyOf(sent);
        }

        /** Checks that no batch went out while a quota answer's {@code Retry-After} ran. */
        synchronized void assertQuotaPausesHeld() {
            for (QuotaAnswer q : quotaAnswers) {
                for (Sent s : sent) {
                    long after = s.atNanos() - q.atNanos();
                    assertThat(after > 0 && after < q.retryAfter().toNanos())
                            .as("a send %d ns after a 429 with Retry-After %s", after, q.retryAfter()).isFalse();
                }
            }
        }

        @Override
        public void close() {
            try {
                CompletableFuture<Void> done = d.closeAsync().toCompletableFuture();
                for (int k = 0; k < 600 && !done.isDone(); k++) {
                    advance(250);
                    join(d.flushAsync().toCompletableFuture());
                }
                d.close();
            } finally {
                fx.close();
            }
        }
    }

    private static void join(CompletableFuture<?> f) {
        try {
            f.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("stage did not complete", e);
        }
    }

    private static int sumCounts(List<PushFixture.Pushed> pushed) {
        return pushed.stream().mapToInt(PushFixture.Pushed::collapsedCount).sum();
    }

    private static int index(String title) {
        return Integer.parseInt(title.substring(1));
    }

    @Property(tries = 40)
    void everyAcceptedNotificationIsDeliveredOnceAndCollapsedIntoTheLatestWithItsCount(
            @ForAll("ops") List<Op> ops, @ForAll @IntRange(min = 1, max = 6) int batchSize,
            @ForAll @IntRange(min = 0, max = 500) int collapseMs, @ForAll @IntRange(min = 0, max = 100) int delayMs) {
        try (Run run = new Run(b -> b.maxBatchSize(batchSize).collapseWindow(Duration.ofMillis(collapseMs))
                .maxBatchDelay(Duration.ofMillis(delayMs)))) {
            for (int i = 0; i < ops.size(); i++) {
                run.advance(ops.get(i).advanceMillis());
                run.d.submit(ops.get(i).notification(i));
            }
            run.settle();
            List<PushFixture.Pushed> pushed = run.fx.accepted();
            assertThat(sumCounts(pushed)).as("collapsed counts add up to the accepted notifications")
                    .isEqualTo(ops.size());
            assertThat(run.sent()).as("absent retries, each pushed notification was sent exactly once")
                    .hasSize(pushed.size());
            assertThat(pushed.stream().map(PushFixture.Pushed::title).distinct().count()).isEqualTo(pushed.size());
            assertThat(run.batchSizes).allSatisfy(s -> assertThat(s).isBetween(1, batchSize));
            assertThat(run.d.stats().retried()).isZero();
            assertThat(run.d.stats().delivered()).isEqualTo(pushed.size());
            // per collapse group: pushes in submission order, the last submitted pushed, counts exact
            Map<String, Integer> pushedCount = new HashMap<>();
            for (PushFixture.Pushed p : pushed) {
                pushedCount.put(p.title(), p.collapsedCount());
            }
            Map<String, List<Integer>> groups = new HashMap<>();
            for (int i = 0; i < ops.size(); i++) {
                Op op = ops.get(i);
                String group = op.key() < 0 ? "single-" + i : op.token() + "/" + op.key();
                groups.computeIfAbsent(group, g -> new ArrayList<>()).add(i);
            }
            for (List<Integer> members : groups.values()) {
                int last = members.get(members.size() - 1);
                assertThat(pushedCount).as("the latest of a collapse group is pushed").containsKey("m" + last);
                int previous = -1;
                for (int pos = 0; pos < members.size(); pos++) {
                    Integer count = pushedCount.get("m" + members.get(pos));
                    if (count != null) {
                        assertThat(count).as("count of m%d", members.get(pos)).isEqualTo(pos - previous);
                        previous = pos;
                    }
                }
            }
            List<Integer> order = pushed.stream().filter(p -> p.collapseKey() != null)
                    .map(p -> index(p.title())).toList();
            Map<String, Integer> lastSeen = new HashMap<>();
            for (int i : order) {
                String group = ops.get(i).token() + "/" + ops.get(i).key();
                Integer before = lastSeen.put(group, i);
                assertThat(before == null || before < i).as("pushes of a group keep submission order").isTrue();
            }
        }
    }

    @Property(tries = 30)
    void perRecipientRateIsNeverExceededAndExcessIsDeferredNotDropped(
            @ForAll("ops") List<Op> ops, @ForAll @IntRange(min = 1, max = 3) int capacity,
            @ForAll @IntRange(min = 200, max = 1000) int periodMs) {
        Bandwidth rate = Bandwidth.of(capacity, Duration.ofMillis(periodMs));
        try (Run run = new Run(b -> b.perRecipientRate(rate).maxBatchDelay(Duration.ZERO)
                .collapseWindow(Duration.ofMillis(100)))) {
            for (int i = 0; i < ops.size(); i++) {
                run.advance(ops.get(i).advanceMillis() / 5);
                run.d.submit(ops.get(i).notification(i));
            }
            run.settle();
            assertThat(sumCounts(run.fx.accepted())).isEqualTo(ops.size());
            Map<String, List<Long>> times = new HashMap<>();
            for (Sent s : run.sent()) {
                times.computeIfAbsent(s.n().token(), t -> new ArrayList<>()).add(s.atNanos());
            }
            long emission = -Math.floorDiv(-rate.periodMicros(), capacity);
            times.forEach((token, ts) -> {
                for (int i = 0; i < ts.size(); i++) {
                    for (int j = i; j < ts.size(); j++) {
                        long spanMicros = (ts.get(j) - ts.get(i)) / 1_000;
                        assertThat((long) (j - i + 1)).as("sends to %s within %d us at %s", token, spanMicros, rate)
                                .isLessThanOrEqualTo(capacity + spanMicros / emission);
                    }
                }
            });
        }
    }

    @Property(tries = 25)
    void retryableFailuresAreRetriedUntilDeliveredNeverBeforeRetryAfter(
            @ForAll @IntRange(min = 1, max = 3) int failures, @ForAll @IntRange(min = 0, max = 3) int retryAfterSeconds,
            @ForAll @IntRange(min = 1, max = 5) int messages) {
        try (Run run = new Run(b -> b.maxAttempts(5).collapseWindow(Duration.ZERO))) {
            run.fx.failNext(failures, Duration.ofSeconds(retryAfterSeconds));
            for (int i = 0; i < messages; i++) {
                run.d.submit(Notification.to("token-" + i).title("m" + i).build());
            }
            run.settle();
            List<PushFixture.Pushed> pushed = run.fx.accepted();
            assertThat(pushed).extracting(PushFixture.Pushed::title).doesNotHaveDuplicates().hasSize(messages);
            assertThat(run.undeliverable).isEmpty();
            assertThat(run.d.stats().retried()).isEqualTo(failures);
            assertThat(run.quotaAnswers).hasSize(failures);
            run.assertQuotaPausesHeld();
            assertThat(run.pauses).isNotEmpty().containsOnly(FailureReason.QUOTA_EXCEEDED);
            Map<String, List<Long>> attempts = new HashMap<>();
            for (Sent s : run.sent()) {
                attempts.computeIfAbsent(s.n().title(), t -> new ArrayList<>()).add(s.atNanos());
            }
            attempts.forEach((title, ts) -> {
                for (int k = 1; k < ts.size(); k++) {
                    assertThat(ts.get(k) - ts.get(k - 1)).as("wait before retry of %s", title)
                            .isGreaterThanOrEqualTo(Duration.ofSeconds(retryAfterSeconds).toNanos());
                }
            });
        }
    }

    @Property(tries = 25)
    void permanentFailuresAreReportedAndNeverRetried(@ForAll("ops") List<Op> ops,
                                                     @ForAll @IntRange(min = 0, max = 15) int unregisteredMask) {
        try (Run run = new Run(b -> b.collapseWindow(Duration.ofMillis(50)).maxBatchDelay(Duration.ofMillis(10)))) {
            Set<String> gone = new HashSet<>();
            for (int t = 0; t < 4; t++) {
                if ((unregisteredMask & (1 << t)) != 0) {
                    gone.add("token-" + t);
                    run.fx.unregister("token-" + t);
                }
            }
            for (int i = 0; i < ops.size(); i++) {
                run.advance(ops.get(i).advanceMillis());
                run.d.submit(ops.get(i).notification(i));
            }
            run.settle();
            assertThat(run.d.stats().retried()).isZero();
            assertThat(run.sent()).extracting(s -> s.n().title()).doesNotHaveDuplicates();
            assertThat(run.permanent).allSatisfy(n -> assertThat(gone).contains(n.token()));
            assertThat(run.permanentReasons).allSatisfy(r -> assertThat(r).contains("UNREGISTERED"));
            assertThat(run.fx.accepted()).allSatisfy(p -> assertThat(gone).doesNotContain(p.token()));
            int reported = run.permanent.stream().mapToInt(Notification::collapsedCount).sum();
            assertThat(sumCounts(run.fx.accepted()) + reported).isEqualTo(ops.size());
            assertThat(run.d.stats().tokenInvalid()).isEqualTo(run.permanent.size());
        }
    }

    @Provide
    Arbitrary<List<FcmEmulator.Fault>> faultMixes() {
        // per token: a fault class or none (null, more likely), for 6 tokens
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.just((FcmEmulator.Fault) null)),
                net.jqwik.api.Tuple.of(5, Arbitraries.of(FcmEmulator.Fault.class))).list().ofSize(6);
    }

    @Property(tries = 25)
    void noTokenIsReportedInvalidUnlessTheProviderSaidSoForThatToken(
            @ForAll("faultMixes") List<FcmEmulator.@Nullable Fault> faults,
            @ForAll("timesList") List<Integer> times, @ForAll("ops") List<Op> ops) {
        try (Run run = new Run(b -> b.collapseWindow(Duration.ofMillis(50)).maxBatchDelay(Duration.ofMillis(10))
                .maxAttempts(4))) {
            Map<String, FcmEmulator.Fault> byToken = new HashMap<>();
            for (int t = 0; t < faults.size(); t++) {
                FcmEmulator.Fault f = faults.get(t);
                if (f != null) {
                    byToken.put("token-" + t, f);
                    run.fx.fault("token-" + t, f, times.get(t));
                }
            }
            int submitted = 0;
            for (int i = 0; i < ops.size(); i++) {
                run.advance(ops.get(i).advanceMillis());
                // ops use tokens 0-3; spread them over all 6 by the op's index
                Op op = ops.get(i);
                Op spread = new Op((op.token() + i) % 6, op.key(), op.advanceMillis());
                run.d.submit(spread.notification(i));
                submitted++;
            }
            run.settle();
            // nothing blamed on a token the provider did not name
            for (Notification n : run.permanent) {
                FcmEmulator.Fault f = byToken.get(n.token());
                assertThat(f).as("token %s reported invalid", n.token()).isNotNull();
                assertThat(f.reason()).as("fault of %s", n.token()).isEqualTo(FailureReason.TOKEN_INVALID);
            }
            // ... and a token the provider does name as dead, every time, is reported
            Set<String> used = new HashSet<>();
            run.sent().forEach(s -> used.add(s.n().token()));
            Set<String> reported = new HashSet<>();
            run.permanent.forEach(n -> reported.add(n.token()));
            byToken.forEach((token, f) -> {
                if (f.reason() == FailureReason.TOKEN_INVALID && times.get(Integer.parseInt(token.substring(6))) == Integer.MAX_VALUE
                        && used.contains(token)) {
                    assertThat(reported).as("dead token %s reported", token).contains(token);
                }
            });
            assertThat(run.failedReasons).as("onFailed never carries TOKEN_INVALID")
                    .doesNotContain(FailureReason.TOKEN_INVALID);
            assertThat(run.pauses).allSatisfy(r -> assertThat(r.pausesProvider()).isTrue());
            run.assertQuotaPausesHeld();
            // every accepted notification ends as exactly one of delivered / token invalid / failed
            int delivered = run.delivered.stream().mapToInt(Notification::collapsedCount).sum();
            int invalid = run.permanent.stream().mapToInt(Notification::collapsedCount).sum();
            int failed = run.undeliverable.stream().mapToInt(Notification::collapsedCount).sum();
            assertThat(delivered + invalid + failed).isEqualTo(submitted);
            assertThat(sumCounts(run.fx.accepted())).as("the far side saw each delivery once").isEqualTo(delivered);
            assertThat(run.d.stats().pending()).isZero();
            for (Notification n : run.delivered) {
                FcmEmulator.Fault f = byToken.get(n.token());
                assertThat(f == null || !f.reason().permanent() || times.get(Integer.parseInt(n.token().substring(6)))
                        != Integer.MAX_VALUE).as("delivered to %s despite a lasting %s", n.token(), f).isTrue();
            }
        }
    }

    @Provide
    Arbitrary<List<Integer>> timesList() {
        return Arbitraries.oneOf(Arbitraries.integers().between(1, 3), Arbitraries.just(Integer.MAX_VALUE))
                .list().ofSize(6);
    }

    @Example
    void aBurstInOneChatCollapsesIntoOnePushCountingAll() {
        try (Run run = new Run(b -> b.collapseWindow(Duration.ofSeconds(2)))) {
            for (int i = 0; i < 5; i++) {
                run.d.submit(Notification.to("phone").collapseKey("chat-1").title("m" + i).build());
            }
            run.settle();
            assertThat(run.fx.accepted()).containsExactly(new PushFixture.Pushed("phone", "chat-1", "m4", 5));
            assertThat(run.d.stats().collapsed()).isEqualTo(4);
            assertThat(run.delivered).extracting(Notification::collapsedCount).containsExactly(5);
        }
    }

    @Example
    void aSpentRetryBudgetIsReportedNotSilent() {
        try (Run run = new Run(b -> b.maxAttempts(2).collapseWindow(Duration.ZERO))) {
            run.fx.down();
            for (int i = 0; i < 3; i++) {
                run.d.submit(Notification.to("token-" + i).title("m" + i).build());
            }
            run.settle();
            assertThat(run.undeliverable).hasSize(3);
            assertThat(run.undeliverableReasons).allSatisfy(r -> assertThat(r).contains("retry budget of 2"));
            assertThat(run.sent()).hasSize(6);
            assertThat(run.d.stats().undeliverable()).isEqualTo(3);
            assertThat(run.fx.accepted()).isEmpty();
        }
    }

    @Example
    void aFullBufferThrowsATypedExceptionAndDropsNothing() {
        try (Run run = new Run(b -> b.bufferCapacity(5).maxAttempts(20).collapseWindow(Duration.ofMillis(100)))) {
            run.fx.down();
            for (int i = 0; i < 5; i++) {
                run.d.submit(Notification.to("token-" + i).collapseKey("chat").title("m" + i).build());
            }
            run.d.flush();
            assertThatThrownBy(() -> run.d.submit(Notification.to("token-9").title("m9").build()))
                    .isInstanceOf(DispatchBufferFullException.class)
                    .hasMessageContaining("bufferCapacity 5").hasMessageContaining("contract");
            assertThat(run.d.submitAsync(Notification.to("token-8").title("m8").build()).toCompletableFuture())
                    .isCompletedExceptionally();
            // collapsing into a held notification needs no room, so it is still accepted
            assertThat(run.d.submit(Notification.to("token-0").collapseKey("chat").title("m10").build()).collapsed())
                    .isTrue();
            run.fx.up();
            run.settle();
            assertThat(sumCounts(run.fx.accepted())).isEqualTo(6);
            assertThat(run.d.stats().rejected()).isEqualTo(2);
            assertThat(run.d.stats().accepted()).isEqualTo(6);
            assertThat(run.undeliverable).isEmpty();
        }
    }

    @Example
    void failFastRejectsWhileTheProviderFailsAndRecovers() {
        try (Run run = new Run(b -> b.outagePolicy(DispatchOutagePolicy.FAIL_FAST).maxAttempts(20)
                .collapseWindow(Duration.ZERO))) {
            run.fx.down();
            run.d.submit(Notification.to("token-0").title("m0").build());
            run.d.flush();
            assertThatThrownBy(() -> run.d.submit(Notification.to("token-1").title("m1").build()))
                    .isInstanceOf(ProviderUnavailableException.class).hasMessageContaining("FAIL_FAST");
            run.fx.up();
            run.settle();
            run.d.submit(Notification.to("token-2").title("m2").build());
            run.settle();
            assertThat(run.fx.accepted()).extracting(PushFixture.Pushed::title).containsExactly("m0", "m2");
        }
    }

    @Example
    void closeDrainsEverythingThenRejects() {
        Run run = new Run(b -> b.collapseWindow(Duration.ofSeconds(5)).maxBatchDelay(Duration.ofSeconds(1))
                .perRecipientRate(Bandwidth.of(1, Duration.ofSeconds(1))));
        try (run) {
            for (int i = 0; i < 6; i++) {
                run.d.submit(Notification.to("token-" + (i % 2)).collapseKey(i < 4 ? "chat" : null)
                        .title("m" + i).build());
            }
            CompletableFuture<Void> closed = run.d.closeAsync().toCompletableFuture();
            for (int k = 0; k < 100 && !closed.isDone(); k++) {
                join(run.d.flushAsync().toCompletableFuture());
                run.advance(250);
            }
            join(closed);
            assertThat(sumCounts(run.fx.accepted())).isEqualTo(6);
            assertThat(run.d.stats().pending()).isZero();
            assertThatThrownBy(() -> run.d.submit(Notification.to("token-0").title("late").build()))
                    .isInstanceOf(DispatcherClosedException.class).hasMessageContaining("closed");
        }
    }

    @Example
    void badInputFailsWithAClearMessageBeforeAnyIo() {
        try (Run run = new Run(b -> b)) {
            assertThatThrownBy(() -> run.d.submit(null)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("notification must not be null");
            assertThatThrownBy(() -> run.d.submitAsync(null)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("notification");
            assertThatThrownBy(() -> Notification.to("").build()).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("token must be 1 to");
            assertThatThrownBy(() -> Notification.to("t").ttl(Duration.ofDays(29)).build())
                    .hasMessageContaining("ttl must be between");
            assertThatThrownBy(() -> Notification.to("t").collapseKey("").build())
                    .hasMessageContaining("collapseKey must be null or 1 to");
            assertThatThrownBy(() -> DispatchConfig.builder().maxBatchSize(0).build())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxBatchSize must be between 1");
            assertThatThrownBy(() -> DispatchConfig.builder().jitter(1.5).build())
                    .hasMessageContaining("jitter must be");
            assertThatThrownBy(() -> DispatchConfig.builder().bufferCapacity(0).build())
                    .hasMessageContaining("bufferCapacity");
            assertThatThrownBy(() -> DispatchConfig.builder().perRecipientRate(null).build())
                    .hasMessageContaining("perRecipientRate must not be null");
            run.d.flush();
            assertThat(run.sent()).isEmpty();
            assertThat(run.fx.accepted()).isEmpty();
            assertThat(run.d.stats().accepted()).isZero();
        }
    }

    // keeps an unused-import checker quiet about helpers kept for subclasses
    @SuppressWarnings("unused")
    private static boolean same(@Nullable Object a, @Nullable Object b) {
        return Objects.equals(a, b);
    }
}
