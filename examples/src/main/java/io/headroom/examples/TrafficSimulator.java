package io.headroom.examples;

import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Simulated Social Connect clients: well-behaved users who open chats and feeds a few times a second in total,
 * and a few abusive clients who flood the API in a tight loop. Counts what the gateway answered to each group.
 */
final class TrafficSimulator {

    /** Answers counted per group of users. */
    static final class Tally {
        final LongAdder normalAdmitted = new LongAdder();
        final LongAdder normalDenied = new LongAdder();
        final LongAdder abusiveAdmitted = new LongAdder();
        final LongAdder abusiveDenied = new LongAdder();
    }

    private final ApiGateway gateway;
    private final int normalUsers;
    private final int abusiveUsers;
    private final int requestsPerNormalUser;
    private final int requestsPerAbusiveUser;
    private final long seed;

    TrafficSimulator(ApiGateway gateway, int normalUsers, int abusiveUsers, int requestsPerNormalUser,
                     int requestsPerAbusiveUser, long seed) {
        this.gateway = gateway;
        this.normalUsers = normalUsers;
        this.abusiveUsers = abusiveUsers;
        this.requestsPerNormalUser = requestsPerNormalUser;
        this.requestsPerAbusiveUser = requestsPerAbusiveUser;
        this.seed = seed;
    }

    /**
     * Runs the traffic on a few worker threads and waits for it to finish.
     *
     * @return the answers per group
     * @throws InterruptedException when interrupted while waiting
     */
    Tally run() throws InterruptedException {
        Tally tally = new Tally();
        ExecutorService workers = Executors.newFixedThreadPool(4);
        try {
            // abusive clients hammer concurrently with everyone else
            for (int a = 0; a < abusiveUsers; a++) {
                String user = "abuser-" + a;
                workers.execute(() -> {
                    for (int i = 0; i < requestsPerAbusiveUser; i++) {
                        count(gateway.handle(user).status(), tally.abusiveAdmitted, tally.abusiveDenied);
                    }
                });
            }
            Random random = new Random(seed);
            for (int round = 0; round < requestsPerNormalUser; round++) {
                int offset = random.nextInt(normalUsers);
                workers.execute(() -> {
                    for (int u = 0; u < normalUsers; u++) {
                        String user = "user-" + ((u + offset) % normalUsers);
                        count(gateway.handle(user).status(), tally.normalAdmitted, tally.normalDenied);
                    }
                });
            }
        } finally {
            workers.shutdown();
            if (!workers.awaitTermination(5, TimeUnit.MINUTES)) {
                workers.shutdownNow();
            }
        }
        return tally;
    }

    private static void count(int status, LongAdder admitted, LongAdder denied) {
        (status == 200 ? admitted : denied).increment();
    }
}
