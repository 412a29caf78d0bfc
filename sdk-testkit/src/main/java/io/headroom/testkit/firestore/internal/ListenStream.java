package io.headroom.testkit.firestore.internal;

import com.google.firestore.v1.ListenRequest;
import com.google.firestore.v1.ListenResponse;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One {@code Listen} stream: the targets a client added to it and an ordered outbox of responses.
 *
 * <p>Ordering: responses are queued while the database lock is held (by the commit or the target change that
 * produced them), so the queue order is the commit order; one drain task at a time writes them to gRPC, outside
 * the lock, on the emulator's executor. Thread-safe.
 */
public final class ListenStream implements StreamObserver<ListenRequest> {

    private final ServerCallStreamObserver<ListenResponse> out;
    private final Function<String, Database> databases;
    private final Executor executor;
    private final ConcurrentLinkedQueue<Object> outbox = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pending = new AtomicInteger();
    // guarded by the database's lock
    final Map<Integer, WatchTarget> targets = new HashMap<>();
    private int nextServerTargetId = 1 << 20;
    private volatile @Nullable Database database;
    private volatile boolean closed;
    // touched only by the drain task (one at a time; the pending counter orders them)
    private boolean ended;

    /**
     * Opens a stream.
     *
     * @param out the gRPC response side
     * @param databases resolves the database named by the first request
     * @param executor runs the drain task
     */
    public ListenStream(StreamObserver<ListenResponse> out, Function<String, Database> databases, Executor executor) {
        this.out = (ServerCallStreamObserver<ListenResponse>) out;
        this.databases = databases;
        this.executor = executor;
        this.out.setOnCancelHandler(this::detach);
    }

    @Override
    public void onNext(ListenRequest req) {
        if (closed) {
            return;
        }
        Database db;
        try {
            db = databases.apply(req.getDatabase());
        } catch (EmulatorException e) {
            fail(e.toStatus().getStatus());
            return;
        }
        Database bound = database;
        if (bound == null) {
            database = db;
        } else if (bound != db) {
            fail(Status.INVALID_ARGUMENT.withDescription("a Listen stream serves one database; it was opened for "
                    + bound.name() + ", not " + req.getDatabase()));
            return;
        }
        try {
            db.faults().check("Listen", req.hasAddTarget() ? RequestPaths.target(req.getAddTarget()) : List.of());
        } catch (EmulatorException e) {
            fail(e.toStatus().getStatus());
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(Status.CANCELLED.withDescription("emulator interrupted"));
            return;
        }
        switch (req.getTargetChangeCase()) {
            case ADD_TARGET:
                db.addTarget(this, req.getAddTarget());
                break;
            case REMOVE_TARGET:
                db.removeTarget(this, req.getRemoveTarget());
                break;
            default:
                fail(Status.INVALID_ARGUMENT.withDescription("a ListenRequest must set add_target or remove_target"));
                break;
        }
    }

    @Override
    public void onError(Throwable t) {
        detach();
    }

    @Override
    public void onCompleted() {
        detach();
        enqueue(Status.OK);
    }

    /** A fresh id for a target added with {@code target_id} 0; guarded by the database lock. */
    int serverTargetId() {
        while (targets.containsKey(nextServerTargetId)) {
            nextServerTargetId++;
        }
        return nextServerTargetId++;
    }

    /**
     * Queues responses, in order.
     *
     * @param responses what to send
     */
    void send(List<ListenResponse> responses) {
        for (ListenResponse r : responses) {
            enqueue(r);
        }
    }

    /**
     * Ends the stream with a status (queued after everything already sent) and forgets its targets.
     *
     * @param status the status, not OK
     */
    void fail(Status status) {
        detach();
        enqueue(status);
    }

    boolean isClosed() {
        return closed;
    }

    private void detach() {
        if (closed) {
            return;
        }
        closed = true;
        Database db = database;
        if (db != null) {
            db.dropStream(this);
        }
    }

    private void enqueue(Object item) {
        outbox.add(item);
        if (pending.getAndIncrement() == 0) {
            executor.execute(this::drain);
        }
    }

    private void drain() {
        do {
            Object item = outbox.poll();
            if (ended || item == null) {
                continue;
            }
            try {
                if (item instanceof ListenResponse r) {
                    if (!out.isCancelled()) {
                        out.onNext(r);
                    }
                } else {
                    ended = true;
                    Status s = (Status) item;
                    if (s.isOk()) {
                        out.onCompleted();
                    } else {
                        out.onError(s.asRuntimeException());
                    }
                }
            } catch (RuntimeException e) {
                // the call was cancelled or closed under us: nothing more can be sent
                ended = true;
                detach();
            }
        } while (pending.decrementAndGet() != 0);
    }
}
