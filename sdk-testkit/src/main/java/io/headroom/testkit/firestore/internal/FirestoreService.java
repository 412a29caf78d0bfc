package io.headroom.testkit.firestore.internal;

import com.google.firestore.v1.BatchGetDocumentsRequest;
import com.google.firestore.v1.BatchGetDocumentsResponse;
import com.google.firestore.v1.BatchWriteRequest;
import com.google.firestore.v1.BatchWriteResponse;
import com.google.firestore.v1.BeginTransactionRequest;
import com.google.firestore.v1.BeginTransactionResponse;
import com.google.firestore.v1.CommitRequest;
import com.google.firestore.v1.CommitResponse;
import com.google.firestore.v1.CreateDocumentRequest;
import com.google.firestore.v1.DeleteDocumentRequest;
import com.google.firestore.v1.Document;
import com.google.firestore.v1.GetDocumentRequest;
import com.google.firestore.v1.ListCollectionIdsRequest;
import com.google.firestore.v1.ListCollectionIdsResponse;
import com.google.firestore.v1.ListDocumentsRequest;
import com.google.firestore.v1.ListDocumentsResponse;
import com.google.firestore.v1.ListenRequest;
import com.google.firestore.v1.ListenResponse;
import com.google.firestore.v1.PartitionQueryRequest;
import com.google.firestore.v1.PartitionQueryResponse;
import com.google.firestore.v1.RollbackRequest;
import com.google.firestore.v1.RunAggregationQueryRequest;
import com.google.firestore.v1.RunAggregationQueryResponse;
import com.google.firestore.v1.RunQueryRequest;
import com.google.firestore.v1.RunQueryResponse;
import com.google.firestore.v1.UpdateDocumentRequest;
import com.google.firestore.v1.WriteRequest;
import com.google.firestore.v1.WriteResponse;
import com.google.protobuf.Empty;
import com.google.protobuf.Message;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * The {@code google.firestore.v1.Firestore} gRPC service, defined by hand from the client's own message classes
 * (no generated stub, so no version skew with the client). Methods the emulator does not implement answer
 * {@code UNIMPLEMENTED} with a message naming them.
 */
public final class FirestoreService {

    /** The gRPC service name. */
    public static final String SERVICE = "google.firestore.v1.Firestore";

    private final Function<String, Database> databases;
    private final Executor executor;

    private FirestoreService(Function<String, Database> databases, Executor executor) {
        this.databases = databases;
        this.executor = executor;
    }

    /** A unit of work that may fail with an {@link EmulatorException}. */
    @FunctionalInterface
    private interface Work<T> {
        T run() throws InterruptedException;
    }

    /**
     * Builds the service definition.
     *
     * @param databases finds (or creates) a database from a resource name that starts with
     *     {@code projects/P/databases/D}
     * @param executor runs the tasks that write {@code Listen} responses
     * @return the definition to add to a gRPC server
     */
    public static ServerServiceDefinition definition(Function<String, Database> databases, Executor executor) {
        FirestoreService s = new FirestoreService(databases, executor);
        // Built by hand rather than by extending the published stub base class (FirestoreGrpc.FirestoreImplBase in
        // com.google.api.grpc:grpc-google-cloud-firestore-v1), on purpose: libraries-bom 26.76.0 (the parent's
        // Google BOM) aligns google-cloud-firestore 3.37.0 and names grpc-google-cloud-firestore-v1 3.37.0, but that
        // version is not published on Maven Central (checked again for issue 11: `mvn dependency:get
        // -Dartifact=com.google.api.grpc:grpc-google-cloud-firestore-v1:3.37.0` fails with "Missing POM"; 3.36.0 and
        // 3.39.0 exist). Using the stub would mean a version off the BOM, compiled against other message classes
        // than the client's: this definition uses the client's own message classes and method names, so it cannot
        // skew. Revisit when the BOM names a published grpc-google-cloud-firestore-v1.
        return ServerServiceDefinition.builder(SERVICE)
                .addMethod(unary("Commit", CommitRequest.getDefaultInstance(), CommitResponse.getDefaultInstance()),
                        ServerCalls.asyncUnaryCall((CommitRequest r, StreamObserver<CommitResponse> o) ->
                                s.one(o, () -> s.db("Commit", r.getDatabase(), RequestPaths.writes(r.getWritesList())).commit(r))))
                .addMethod(stream("BatchGetDocuments", BatchGetDocumentsRequest.getDefaultInstance(),
                                BatchGetDocumentsResponse.getDefaultInstance()),
                        ServerCalls.asyncServerStreamingCall((BatchGetDocumentsRequest r,
                                StreamObserver<BatchGetDocumentsResponse> o) ->
                                s.many(o, () -> s.db("BatchGetDocuments", r.getDatabase(), RequestPaths.documents(r.getDocumentsList())).batchGet(r))))
                .addMethod(stream("RunQuery", RunQueryRequest.getDefaultInstance(), RunQueryResponse.getDefaultInstance()),
                        ServerCalls.asyncServerStreamingCall((RunQueryRequest r, StreamObserver<RunQueryResponse> o) ->
                                s.many(o, () -> s.db("RunQuery", r.getParent(), RequestPaths.query(r.getParent(), r.getStructuredQuery())).runQuery(r))))
                .addMethod(stream("RunAggregationQuery", RunAggregationQueryRequest.getDefaultInstance(),
                                RunAggregationQueryResponse.getDefaultInstance()),
                        ServerCalls.asyncServerStreamingCall((RunAggregationQueryRequest r,
                                StreamObserver<RunAggregationQueryResponse> o) ->
                                s.many(o, () -> List.of(s.db("RunAggregationQuery", r.getParent(), RequestPaths.query(r.getParent(),
                                        r.getStructuredAggregationQuery().getStructuredQuery())).runAggregation(r)))))
                .addMethod(unary("BeginTransaction", BeginTransactionRequest.getDefaultInstance(),
                                BeginTransactionResponse.getDefaultInstance()),
                        ServerCalls.asyncUnaryCall((BeginTransactionRequest r, StreamObserver<BeginTransactionResponse> o) ->
                                s.one(o, () -> s.db("BeginTransaction", r.getDatabase(), List.of()).begin(r))))
                .addMethod(unary("Rollback", RollbackRequest.getDefaultInstance(), Empty.getDefaultInstance()),
                        ServerCalls.asyncUnaryCall((RollbackRequest r, StreamObserver<Empty> o) ->
                                s.one(o, () -> {
                                    s.db("Rollback", r.getDatabase(), List.of()).rollback(r);
                                    return Empty.getDefaultInstance();
                                })))
                .addMethod(unary("BatchWrite", BatchWriteRequest.getDefaultInstance(), BatchWriteResponse.getDefaultInstance()),
                        ServerCalls.asyncUnaryCall((BatchWriteRequest r, StreamObserver<BatchWriteResponse> o) ->
                                s.one(o, () -> s.db("BatchWrite", r.getDatabase(), RequestPaths.writes(r.getWritesList())).batchWrite(r))))
                .addMethod(unary("ListDocuments", ListDocumentsRequest.getDefaultInstance(),
                                ListDocumentsResponse.getDefaultInstance()),
                        ServerCalls.asyncUnaryCall((ListDocumentsRequest r, StreamObserver<ListDocumentsResponse> o) ->
                                s.one(o, () -> s.db("ListDocuments", r.getParent(), RequestPaths.collection(r.getParent(), r.getCollectionId())).listDocuments(r))))
                .addMethod(unary("ListCollectionIds", ListCollectionIdsRequest.getDefaultInstance(),
                                ListCollectionIdsResponse.getDefaultInstance()),
                        ServerCalls.asyncUnaryCall((ListCollectionIdsRequest r, StreamObserver<ListCollectionIdsResponse> o) ->
                                s.one(o, () -> s.db("ListCollectionIds", r.getParent(), List.of(RequestPaths.relative(r.getParent()))).listCollectionIds(r))))
                .addMethod(unimplementedUnary("GetDocument", GetDocumentRequest.getDefaultInstance(), Document.getDefaultInstance()))
                .addMethod(unimplementedUnary("CreateDocument", CreateDocumentRequest.getDefaultInstance(), Document.getDefaultInstance()))
                .addMethod(unimplementedUnary("UpdateDocument", UpdateDocumentRequest.getDefaultInstance(), Document.getDefaultInstance()))
                .addMethod(unimplementedUnary("DeleteDocument", DeleteDocumentRequest.getDefaultInstance(), Empty.getDefaultInstance()))
                .addMethod(unimplementedUnary("PartitionQuery", PartitionQueryRequest.getDefaultInstance(),
                        PartitionQueryResponse.getDefaultInstance()))
                .addMethod(io.grpc.ServerMethodDefinition.create(stream("ExecutePipeline",
                                com.google.firestore.v1.ExecutePipelineRequest.getDefaultInstance(),
                                com.google.firestore.v1.ExecutePipelineResponse.getDefaultInstance()),
                        ServerCalls.asyncServerStreamingCall((com.google.firestore.v1.ExecutePipelineRequest r,
                                StreamObserver<com.google.firestore.v1.ExecutePipelineResponse> o) ->
                                o.onError(Status.UNIMPLEMENTED.withDescription(unimplementedMessage("ExecutePipeline"))
                                        .asRuntimeException()))))
                .addMethod(method("Listen", MethodDescriptor.MethodType.BIDI_STREAMING, ListenRequest.getDefaultInstance(),
                                ListenResponse.getDefaultInstance()),
                        ServerCalls.asyncBidiStreamingCall((StreamObserver<ListenResponse> o) ->
                                new ListenStream(o, s.databases, s.executor)))
                .addMethod(unimplementedBidi("Write", WriteRequest.getDefaultInstance(), WriteResponse.getDefaultInstance()))
                .build();
    }

    /** The database a request names, after its injected faults (a delay, then maybe a status). */
    private Database db(String method, String resource, List<String> paths) throws InterruptedException {
        Database d = databases.apply(resource);
        d.faults().check(method, paths);
        return d;
    }

    private <T> void one(StreamObserver<T> o, Work<T> work) {
        T result;
        try {
            result = work.run();
        } catch (Throwable e) {
            o.onError(status(e));
            return;
        }
        o.onNext(result);
        o.onCompleted();
    }

    private <T> void many(StreamObserver<T> o, Work<List<T>> work) {
        List<T> results;
        try {
            results = work.run();
        } catch (Throwable e) {
            o.onError(status(e));
            return;
        }
        for (T r : results) {
            o.onNext(r);
        }
        o.onCompleted();
    }

    private static RuntimeException status(Throwable e) {
        if (e instanceof EmulatorException ee) {
            return ee.toStatus();
        }
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return Status.CANCELLED.withDescription("emulator interrupted").asRuntimeException();
        }
        return Status.INTERNAL.withDescription("emulator failure: " + e).withCause(e).asRuntimeException();
    }

    private static <Q extends Message, R extends Message> MethodDescriptor<Q, R> unary(String name, Q req, R resp) {
        return method(name, MethodDescriptor.MethodType.UNARY, req, resp);
    }

    private static <Q extends Message, R extends Message> MethodDescriptor<Q, R> stream(String name, Q req, R resp) {
        return method(name, MethodDescriptor.MethodType.SERVER_STREAMING, req, resp);
    }

    private static <Q extends Message, R extends Message> MethodDescriptor<Q, R> method(String name,
            MethodDescriptor.MethodType type, Q req, R resp) {
        return MethodDescriptor.<Q, R>newBuilder()
                .setType(type)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, name))
                .setRequestMarshaller(ProtoUtils.marshaller(req))
                .setResponseMarshaller(ProtoUtils.marshaller(resp))
                .build();
    }

    private static String unimplementedMessage(String name) {
        return "google.firestore.v1.Firestore/" + name + " is not emulated by Headroom's FirestoreEmulator "
                + "(see sdk-testkit README: the Write stream, PartitionQuery, pipelines "
                + "and the single-document RPCs are out of scope)";
    }

    private static <Q extends Message, R extends Message> io.grpc.ServerMethodDefinition<Q, R> unimplementedUnary(
            String name, Q req, R resp) {
        return io.grpc.ServerMethodDefinition.create(unary(name, req, resp),
                ServerCalls.asyncUnaryCall((Q r, StreamObserver<R> o) ->
                        o.onError(Status.UNIMPLEMENTED.withDescription(unimplementedMessage(name)).asRuntimeException())));
    }

    private static <Q extends Message, R extends Message> io.grpc.ServerMethodDefinition<Q, R> unimplementedBidi(
            String name, Q req, R resp) {
        MethodDescriptor<Q, R> md = method(name, MethodDescriptor.MethodType.BIDI_STREAMING, req, resp);
        return io.grpc.ServerMethodDefinition.create(md, ServerCalls.asyncBidiStreamingCall((StreamObserver<R> o) -> {
            o.onError(Status.UNIMPLEMENTED.withDescription(unimplementedMessage(name)).asRuntimeException());
            return new StreamObserver<Q>() {
                @Override
                public void onNext(Q value) {
                }

                @Override
                public void onError(Throwable t) {
                }

                @Override
                public void onCompleted() {
                }
            };
        }));
    }
}
