package io.headroom.examples;

import io.headroom.counter.CounterConfig;
import io.headroom.counter.ShardedCounter;
import io.headroom.redis.RedisBackend;
import io.headroom.redis.RedisOptions;
import io.headroom.redis.RedisShardedCounter;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * Unread message counts of the Social Connect chat on a {@link ShardedCounter}: the seed kept
 * {@code unreadCounts.{uid}} on the chat document and rewrote it on every message, so a busy group chat was one hot
 * document. Here each member's count is its own counter ({@code chat:<chat>:user:<uid>}): sending a message
 * increments every other member's count, opening a chat resets the opener's count and tells how many messages were
 * marked read.
 */
final class UnreadCounts {

    /** The counter family of unread counts. */
    static final CounterConfig UNREAD = CounterConfig.builder().name("unread").build();

    private final ShardedCounter counter;
    private final List<List<String>> chats = new ArrayList<>();

    /**
     * The figures of one run.
     *
     * @param messages messages sent
     * @param increments counter increments (one per other member of the chat)
     * @param backendWrites writes the backend received (0 in memory; fewer than increments when coalesced)
     * @param opened chats opened (resets)
     * @param markedRead messages the resets reported as read
     * @param unreadLeft the sum of all counts at the end
     * @param hottestIncrements increments of the busiest chat's counters
     * @param hottestCounter increments of the single busiest counter
     * @param seconds how long the run took
     */
    record Report(long messages, long increments, long backendWrites, long opened, long markedRead, long unreadLeft,
                  long hottestIncrements, long hottestCounter, double seconds) {

        /** Whether every increment is accounted for exactly once: marked read or still unread. */
        boolean exact() {
            return markedRead + unreadLeft == increments;
        }
    }

    UnreadCounts(ShardedCounter counter, int chats, int largestChat, long seed) {
        this.counter = counter;
        Random random = new Random(seed);
        for (int c = 0; c < chats; c++) {
            // chat 0 is the busy group chat; the others have 2 to 8 members
            int members = c == 0 ? largestChat : 2 + random.nextInt(7);
            List<String> users = new ArrayList<>();
            for (int m = 0; m < members; m++) {
                users.add("u" + random.nextInt(10_000));
            }
            this.chats.add(users);
        }
    }

    private static String id(int chat, String user) {
        return "chat:" + chat + ":user:" + user;
    }

    /**
     * Sends {@code messages} messages (half of them in the busy chat), opening a random chat for a random member
     * every {@code openEvery} messages.
     */
    Report run(int messages, int openEvery, long seed) {
        Random random = new Random(seed);
        long start = System.nanoTime();
        long increments = 0;
        long hottest = 0;
        long opened = 0;
        long markedRead = 0;
        List<CompletableFuture<Void>> inFlight = new ArrayList<>();
        java.util.Map<String, Long> perCounter = new java.util.HashMap<>();
        for (int i = 0; i < messages; i++) {
            int chat = i % 2 == 0 ? 0 : 1 + random.nextInt(chats.size() - 1);
            List<String> members = chats.get(chat);
            String sender = members.get(random.nextInt(members.size()));
            for (String member : members) {
                if (!member.equals(sender)) {
                    CompletionStage<Void> accepted = counter.incrementAsync(id(chat, member), 1);
                    inFlight.add(accepted.toCompletableFuture());
                    perCounter.merge(id(chat, member), 1L, Long::sum);
                    increments++;
                    hottest += chat == 0 ? 1 : 0;
                }
            }
            if (inFlight.size() >= 256) {
                CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
                inFlight.clear();
            }
            if (i % openEvery == openEvery - 1) {
                int open = random.nextInt(chats.size());
                List<String> members2 = chats.get(open);
                markedRead += counter.reset(id(open, members2.get(random.nextInt(members2.size()))));
                opened++;
            }
        }
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
        counter.flush();
        double seconds = (System.nanoTime() - start) / 1e9;
        long left = 0;
        for (int c = 0; c < chats.size(); c++) {
            int chat = c;
            List<String> ids = chats.get(c).stream().distinct().map(u -> id(chat, u)).toList();
            left += counter.getAll(ids).values().stream().mapToLong(Long::longValue).sum();
        }
        long hottestCounter = perCounter.values().stream().mapToLong(Long::longValue).max().orElse(0);
        return new Report(messages, increments, counter.stats().writes(), opened, markedRead, left, hottest,
                hottestCounter, seconds);
    }

    /**
     * Runs the unread-count part of the demo and prints it; on Redis when a connection is given, else in memory.
     *
     * @param connection the demo's Redis connection, or {@code null} for the embedded counter
     * @param out where the report goes
     * @return the figures
     */
    static Report demo(@Nullable StatefulRedisConnection<String, String> connection, PrintStream out) {
        ShardedCounter counter = connection == null ? ShardedCounter.inMemory(UNREAD)
                : RedisShardedCounter.create(RedisBackend.of(connection), UNREAD, RedisOptions.builder()
                        .keyPrefix("social-connect:" + System.nanoTime() + ":").timeout(Duration.ofMillis(500)).build());
        try (counter) {
            Report r = new UnreadCounts(counter, 200, 50, 7).run(5_000, 25, 11);
            print(out, connection == null ? "in memory" : "Redis", r);
            return r;
        }
    }

    static void print(PrintStream out, String backend, Report r) {
        out.println();
        out.println("Unread counts (sharded counter, " + backend + ")");
        out.printf(Locale.ROOT, "  messages     : %,d sent -> %,d count increments (%.1f per message), in %.2f s%n",
                r.messages(), r.increments(), (double) r.increments() / r.messages(), r.seconds());
        out.printf(Locale.ROOT, "  backend writes: %,d (%.2f per message)%s%n", r.backendWrites(),
                (double) r.backendWrites() / r.messages(),
                r.backendWrites() == 0 ? ", all in memory" : r.backendWrites() < r.increments()
                        ? ", increments to one count summed while a write was in flight" : "");
        out.printf(Locale.ROOT, "  busiest chat : %,d increments spread over its members' own counters; hottest counter "
                        + "%,d increments (%.0f/s); the seed rewrote one chat document %,d times (%.0f writes/s, "
                        + "Firestore sustains 1/s)%n", r.hottestIncrements(), r.hottestCounter(),
                r.hottestCounter() / r.seconds(), r.messages() / 2, r.messages() / 2 / r.seconds());
        out.printf(Locale.ROOT, "  chats opened : %,d, marking %,d messages read; %,d still unread; exact: %s%n",
                r.opened(), r.markedRead(), r.unreadLeft(), r.exact() ? "yes" : "NO");
    }
}
