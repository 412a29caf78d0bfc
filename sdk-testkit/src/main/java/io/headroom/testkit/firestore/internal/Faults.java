package io.headroom.testkit.firestore.internal;

import io.headroom.testkit.firestore.FirestoreFault;
import io.headroom.testkit.firestore.InjectedFault;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The faults injected into one database, checked before each call is served. Thread-safe. */
public final class Faults {

    private final CopyOnWriteArrayList<Rule> rules = new CopyOnWriteArrayList<>();

    /** One active rule and its exact counters. */
    private final class Rule implements InjectedFault {
        final FirestoreFault fault;
        final AtomicInteger matched = new AtomicInteger();
        final AtomicInteger applied = new AtomicInteger();

        Rule(FirestoreFault fault) {
            this.fault = fault;
        }

        @Override
        public FirestoreFault fault() {
            return fault;
        }

        @Override
        public int matched() {
            return matched.get();
        }

        @Override
        public int applied() {
            return applied.get();
        }

        @Override
        public void close() {
            rules.remove(this);
        }

        boolean matches(String method, List<String> paths) {
            if (!fault.method().equals(FirestoreFault.ANY_METHOD) && !fault.method().equals(method)) {
                return false;
            }
            String d = fault.document();
            if (d == null) {
                return true;
            }
            for (String p : paths) {
                if (p.equals(d) || p.startsWith(d + "/")) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * Adds a rule.
     *
     * @param fault the fault
     * @return its handle
     */
    public InjectedFault add(FirestoreFault fault) {
        Rule r = new Rule(fault);
        rules.add(r);
        return r;
    }

    /** Removes every rule. */
    public void clear() {
        rules.clear();
    }

    /**
     * Applies the first rule that faults this call: sleeps for its delay, then throws its status.
     *
     * @param method the RPC name
     * @param paths the document and collection paths the request names, relative to the documents root
     * @throws EmulatorException the injected status
     * @throws InterruptedException when interrupted during a delay
     */
    void check(String method, List<String> paths) throws InterruptedException {
        if (rules.isEmpty()) {
            return;
        }
        for (Rule r : rules) {
            if (!r.matches(method, paths)) {
                continue;
            }
            int n = r.matched.getAndIncrement();
            FirestoreFault f = r.fault;
            if (n < f.after() || n - f.after() >= f.times()) {
                continue;
            }
            r.applied.incrementAndGet();
            if (!f.delay().isZero()) {
                TimeUnit.NANOSECONDS.sleep(f.delay().toNanos());
            }
            if (f.code() != null) {
                throw new EmulatorException(f.code(), "injected fault (" + f + ") on " + method
                        + (paths.isEmpty() ? "" : " " + paths));
            }
            return;
        }
    }
}
