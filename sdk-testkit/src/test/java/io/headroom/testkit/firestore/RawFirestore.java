package io.headroom.testkit.firestore;

import com.google.firestore.v1.CommitRequest;
import com.google.firestore.v1.CommitResponse;
import com.google.firestore.v1.ListenRequest;
import com.google.firestore.v1.ListenResponse;
import com.google.protobuf.Message;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;
import java.util.concurrent.TimeUnit;

/** A bare gRPC client of the emulator, for what the Java client cannot send (maximum/minimum transforms, raw Listen). */
final class RawFirestore implements AutoCloseable {

    private final ManagedChannel channel;

    RawFirestore(FirestoreEmulator emulator) {
        channel = NettyChannelBuilder.forTarget(emulator.host()).usePlaintext().build();
    }

    CommitResponse commit(CommitRequest req) {
        return ClientCalls.blockingUnaryCall(channel, method("Commit", MethodDescriptor.MethodType.UNARY,
                CommitRequest.getDefaultInstance(), CommitResponse.getDefaultInstance()), io.grpc.CallOptions.DEFAULT, req);
    }

    /** A bidirectional Listen stream: requests go out with {@link ListenCall#send}, responses queue up. */
    ListenCall listen() {
        MethodDescriptor<ListenRequest, ListenResponse> md = method("Listen", MethodDescriptor.MethodType.BIDI_STREAMING,
                ListenRequest.getDefaultInstance(), ListenResponse.getDefaultInstance());
        ListenCall call = new ListenCall();
        call.requests = ClientCalls.asyncBidiStreamingCall(channel.newCall(md, io.grpc.CallOptions.DEFAULT), call);
        return call;
    }

    /** One raw Listen stream. */
    static final class ListenCall implements io.grpc.stub.StreamObserver<ListenResponse> {
        final java.util.concurrent.LinkedBlockingQueue<Object> responses = new java.util.concurrent.LinkedBlockingQueue<>();
        io.grpc.stub.StreamObserver<ListenRequest> requests;

        void send(ListenRequest r) {
            requests.onNext(r);
        }

        /** The next response; fails after 10 s or on a stream error. */
        ListenResponse next() throws InterruptedException {
            Object o = responses.poll(10, TimeUnit.SECONDS);
            if (o instanceof ListenResponse r) {
                return r;
            }
            throw new AssertionError("expected a ListenResponse, got " + o);
        }

        /** Whether no response arrives within the time. */
        boolean quiet(long millis) throws InterruptedException {
            return responses.poll(millis, TimeUnit.MILLISECONDS) == null;
        }

        @Override
        public void onNext(ListenResponse value) {
            responses.add(value);
        }

        @Override
        public void onError(Throwable t) {
            responses.add(t);
        }

        @Override
        public void onCompleted() {
            responses.add("completed");
        }

        void close() {
            requests.onCompleted();
        }
    }

    private static <Q extends Message, R extends Message> MethodDescriptor<Q, R> method(String name,
            MethodDescriptor.MethodType type, Q req, R resp) {
        return MethodDescriptor.<Q, R>newBuilder().setType(type)
                .setFullMethodName(MethodDescriptor.generateFullMethodName("google.firestore.v1.Firestore", name))
                .setRequestMarshaller(ProtoUtils.marshaller(req)).setResponseMarshaller(ProtoUtils.marshaller(resp)).build();
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
}
