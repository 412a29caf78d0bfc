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
import java.util.Iterator;
import java.util.concurrent.TimeUnit;

/** A bare gRPC client of the emulator, for what the Java client cannot send (maximum/minimum transforms, Listen). */
final class RawFirestore implements AutoCloseable {

    private final ManagedChannel channel;

    RawFirestore(FirestoreEmulator emulator) {
        channel = NettyChannelBuilder.forTarget(emulator.host()).usePlaintext().build();
    }

    CommitResponse commit(CommitRequest req) {
        return ClientCalls.blockingUnaryCall(channel, method("Commit", MethodDescriptor.MethodType.UNARY,
                CommitRequest.getDefaultInstance(), CommitResponse.getDefaultInstance()), io.grpc.CallOptions.DEFAULT, req);
    }

    Iterator<ListenResponse> listen() {
        MethodDescriptor<ListenRequest, ListenResponse> md = method("Listen", MethodDescriptor.MethodType.SERVER_STREAMING,
                ListenRequest.getDefaultInstance(), ListenResponse.getDefaultInstance());
        return ClientCalls.blockingServerStreamingCall(channel, md, io.grpc.CallOptions.DEFAULT, ListenRequest.getDefaultInstance());
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
