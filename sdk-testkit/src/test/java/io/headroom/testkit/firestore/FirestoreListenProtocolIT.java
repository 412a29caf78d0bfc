package io.headroom.testkit.firestore;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.firestore.Firestore;
import com.google.firestore.v1.ListenRequest;
import com.google.firestore.v1.ListenResponse;
import com.google.firestore.v1.StructuredQuery;
import com.google.firestore.v1.Target;
import com.google.firestore.v1.TargetChange;
import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The watch protocol at the gRPC level, for what the Java client never sends: several targets on one stream,
 * server-assigned ids, removing a target, resume tokens with their existence filter, and foreign tokens.
 */
@WithFirestore
class FirestoreListenProtocolIT {

    private static String root(Firestore db) {
        return "projects/" + db.getOptions().getProjectId() + "/databases/(default)";
    }

    private static Target query(Firestore db, String collection, int id) {
        return Target.newBuilder().setTargetId(id).setQuery(Target.QueryTarget.newBuilder()
                .setParent(root(db) + "/documents").setStructuredQuery(StructuredQuery.newBuilder()
                        .addFrom(StructuredQuery.CollectionSelector.newBuilder().setCollectionId(collection)))).build();
    }

    private static Target docs(Firestore db, int id, String... paths) {
        Target.DocumentsTarget.Builder t = Target.DocumentsTarget.newBuilder();
        for (String p : paths) {
            t.addDocuments(root(db) + "/documents/" + p);
        }
        return Target.newBuilder().setTargetId(id).setDocuments(t).build();
    }

    private static ListenRequest add(Firestore db, Target t) {
        return ListenRequest.newBuilder().setDatabase(root(db)).setAddTarget(t).build();
    }

    /** Reads responses up to and including the next global NO_CHANGE (a consistent snapshot). */
    private static List<ListenResponse> untilSnapshot(RawFirestore.ListenCall call) throws InterruptedException {
        List<ListenResponse> out = new ArrayList<>();
        while (true) {
            ListenResponse r = call.next();
            out.add(r);
            if (r.hasTargetChange() && r.getTargetChange().getTargetChangeType() == TargetChange.TargetChangeType.NO_CHANGE
                    && r.getTargetChange().getTargetIdsCount() == 0) {
                return out;
            }
        }
    }

    private static List<String> shape(List<ListenResponse> rs) {
        List<String> out = new ArrayList<>();
        for (ListenResponse r : rs) {
            switch (r.getResponseTypeCase()) {
                case TARGET_CHANGE -> out.add(r.getTargetChange().getTargetChangeType().name() + r.getTargetChange().getTargetIdsList());
                case DOCUMENT_CHANGE -> out.add("CHANGE " + id(r.getDocumentChange().getDocument().getName())
                        + r.getDocumentChange().getTargetIdsList() + "-" + r.getDocumentChange().getRemovedTargetIdsList());
                case DOCUMENT_DELETE -> out.add("DELETE " + id(r.getDocumentDelete().getDocument())
                        + r.getDocumentDelete().getRemovedTargetIdsList());
                case DOCUMENT_REMOVE -> out.add("REMOVE " + id(r.getDocumentRemove().getDocument())
                        + r.getDocumentRemove().getRemovedTargetIdsList());
                case FILTER -> out.add("FILTER " + r.getFilter().getTargetId() + "=" + r.getFilter().getCount());
                default -> out.add(r.getResponseTypeCase().toString());
            }
        }
        return out;
    }

    private static String id(String name) {
        return name.substring(name.lastIndexOf('/') + 1);
    }

    @Test
    void severalTargetsShareOneStreamAndCanBeRemoved(Firestore db, FirestoreEmulator emulator) throws Exception {
        db.collection("a").document("a1").set(Map.of("v", 1L)).get();
        try (RawFirestore raw = new RawFirestore(emulator)) {
            RawFirestore.ListenCall call = raw.listen();
            call.send(add(db, query(db, "a", 7)));
            assertThat(shape(untilSnapshot(call))).containsExactly("ADD[7]", "CHANGE a1[7]-[]", "CURRENT[7]", "NO_CHANGE[]");
            call.send(add(db, docs(db, 0, "b/b1")));
            List<String> second = shape(untilSnapshot(call));
            assertThat(second.get(0)).startsWith("ADD[");
            int assigned = Integer.parseInt(second.get(0).replaceAll("\\D", ""));
            assertThat(assigned).isNotIn(0, 7);
            assertThat(second).containsExactly("ADD[" + assigned + "]", "CURRENT[" + assigned + "]", "NO_CHANGE[]");
            db.collection("b").document("b1").set(Map.of("v", 2L)).get();
            assertThat(shape(untilSnapshot(call))).containsExactly("CHANGE b1[" + assigned + "]-[]", "NO_CHANGE[]");
            db.collection("a").document("a1").delete().get();
            assertThat(shape(untilSnapshot(call))).containsExactly("DELETE a1[7]", "NO_CHANGE[]");
            call.send(ListenRequest.newBuilder().setDatabase(root(db)).setRemoveTarget(7).build());
            assertThat(shape(List.of(call.next()))).containsExactly("REMOVE[7]");
            db.collection("a").document("a2").set(Map.of("v", 3L)).get();
            db.collection("b").document("b1").delete().get();
            assertThat(shape(untilSnapshot(call))).containsExactly("DELETE b1[" + assigned + "]", "NO_CHANGE[]");
            call.send(add(db, query(db, "a", assigned))); // an id in use
            ListenResponse dup = call.next();
            assertThat(dup.getTargetChange().getTargetChangeType()).isEqualTo(TargetChange.TargetChangeType.REMOVE);
            assertThat(dup.getTargetChange().getCause().getCode()).isEqualTo(io.grpc.Status.Code.ALREADY_EXISTS.value());
            call.close();
        }
    }

    @Test
    void aResumeTokenGetsOnlyTheDifferenceAndAnExistenceFilter(Firestore db, FirestoreEmulator emulator) throws Exception {
        db.collection("r").document("keep").set(Map.of("v", 1L)).get();
        db.collection("r").document("gone").set(Map.of("v", 1L)).get();
        db.collection("r").document("same").set(Map.of("v", 1L)).get();
        ByteString token;
        try (RawFirestore raw = new RawFirestore(emulator)) {
            RawFirestore.ListenCall call = raw.listen();
            call.send(add(db, query(db, "r", 1)));
            List<ListenResponse> first = untilSnapshot(call);
            token = first.get(first.size() - 1).getTargetChange().getResumeToken();
            assertThat(token.isEmpty()).isFalse();
            call.close();
        }
        db.collection("r").document("gone").delete().get();
        db.collection("r").document("keep").update("v", 2L).get();
        db.collection("r").document("new").set(Map.of("v", 1L)).get();
        try (RawFirestore raw = new RawFirestore(emulator)) {
            RawFirestore.ListenCall call = raw.listen();
            call.send(add(db, query(db, "r", 1).toBuilder().setResumeToken(token).build()));
            assertThat(shape(untilSnapshot(call))).containsExactly("ADD[1]", "CHANGE keep[1]-[]", "CHANGE new[1]-[]",
                    "DELETE gone[1]", "FILTER 1=3", "CURRENT[1]", "NO_CHANGE[]");
            call.close();
        }
        try (RawFirestore raw = new RawFirestore(emulator)) {
            RawFirestore.ListenCall call = raw.listen();
            call.send(add(db, query(db, "r", 1).toBuilder().setResumeToken(ByteString.copyFromUtf8("foreign")).build()));
            assertThat(shape(untilSnapshot(call))).containsExactly("ADD[1]", "RESET[1]", "CHANGE keep[1]-[]",
                    "CHANGE new[1]-[]", "CHANGE same[1]-[]", "CURRENT[1]", "NO_CHANGE[]");
            call.close();
        }
    }

    @Test
    void aDocumentThatStopsMatchingIsSentWithItsTargetRemoved(Firestore db, FirestoreEmulator emulator) throws Exception {
        db.collection("m").document("d").set(Map.of("v", 1L)).get();
        Target t = Target.newBuilder().setTargetId(3).setQuery(Target.QueryTarget.newBuilder()
                .setParent(root(db) + "/documents").setStructuredQuery(StructuredQuery.newBuilder()
                        .addFrom(StructuredQuery.CollectionSelector.newBuilder().setCollectionId("m"))
                        .setWhere(StructuredQuery.Filter.newBuilder().setFieldFilter(StructuredQuery.FieldFilter.newBuilder()
                                .setField(StructuredQuery.FieldReference.newBuilder().setFieldPath("v"))
                                .setOp(StructuredQuery.FieldFilter.Operator.EQUAL)
                                .setValue(com.google.firestore.v1.Value.newBuilder().setIntegerValue(1)))))).build();
        try (RawFirestore raw = new RawFirestore(emulator)) {
            RawFirestore.ListenCall call = raw.listen();
            call.send(add(db, t));
            untilSnapshot(call);
            db.collection("m").document("d").update("v", 2L).get();
            assertThat(shape(untilSnapshot(call))).containsExactly("CHANGE d[]-[3]", "NO_CHANGE[]");
            call.close();
        }
    }

    @Test
    void aMalformedTargetIsRemovedWithItsCause(Firestore db, FirestoreEmulator emulator) throws Exception {
        try (RawFirestore raw = new RawFirestore(emulator)) {
            RawFirestore.ListenCall call = raw.listen();
            call.send(add(db, docs(db, 5, "only-a-collection")));
            ListenResponse r = call.next();
            assertThat(r.getTargetChange().getTargetChangeType()).isEqualTo(TargetChange.TargetChangeType.REMOVE);
            assertThat(r.getTargetChange().getCause().getCode()).isEqualTo(io.grpc.Status.Code.INVALID_ARGUMENT.value());
            assertThat(r.getTargetChange().getCause().getMessage()).contains("names a collection");
            call.close();
        }
    }
}
