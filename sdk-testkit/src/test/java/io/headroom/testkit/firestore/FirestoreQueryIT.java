package io.headroom.testkit.firestore;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.Timestamp;
import com.google.cloud.firestore.Blob;
import com.google.cloud.firestore.CollectionReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.FieldPath;
import com.google.cloud.firestore.Filter;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.GeoPoint;
import com.google.cloud.firestore.Query;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import com.google.cloud.firestore.QuerySnapshot;
import com.google.cloud.firestore.WriteBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** RunQuery through the real client: filters, orders, cursors, limits, collection groups, value order. */
@WithFirestore
class FirestoreQueryIT {

    static List<String> ids(Query q) throws Exception {
        List<String> out = new ArrayList<>();
        for (QueryDocumentSnapshot d : q.get().get().getDocuments()) {
            out.add(d.getId());
        }
        return out;
    }

    /** d1..d6 with n = 1..6, tag, arrays and a group field. */
    static CollectionReference seed(Firestore db) throws Exception {
        CollectionReference c = db.collection("items");
        WriteBatch b = db.batch();
        b.set(c.document("d1"), Map.of("n", 1L, "tag", "a", "arr", List.of("x", "y"), "grp", 1L));
        b.set(c.document("d2"), Map.of("n", 2L, "tag", "b", "arr", List.of("y"), "grp", 1L));
        b.set(c.document("d3"), Map.of("n", 3.0, "tag", "a", "arr", List.of(), "grp", 2L));
        b.set(c.document("d4"), Map.of("n", 4L, "tag", "c", "grp", 2L));
        b.set(c.document("d5"), Map.of("n", 5L, "tag", "b", "arr", List.of("z"), "grp", 3L));
        Map<String, Object> d6 = new HashMap<>();
        d6.put("n", null);
        d6.put("tag", "a");
        b.set(c.document("d6"), d6);
        b.set(c.document("d7"), Map.of("tag", "d")); // no n
        b.commit().get();
        return c;
    }

    @Test
    void everyFieldFilterOperator(Firestore db) throws Exception {
        CollectionReference c = seed(db);
        assertThat(ids(c.whereEqualTo("n", 3L))).containsExactly("d3"); // 3 == 3.0
        assertThat(ids(c.whereNotEqualTo("n", 3L))).containsExactly("d1", "d2", "d4", "d5"); // no null, no missing
        assertThat(ids(c.whereLessThan("n", 3L))).containsExactly("d1", "d2");
        assertThat(ids(c.whereLessThanOrEqualTo("n", 3L))).containsExactly("d1", "d2", "d3");
        assertThat(ids(c.whereGreaterThan("n", 3L))).containsExactly("d4", "d5");
        assertThat(ids(c.whereGreaterThanOrEqualTo("n", 3.0))).containsExactly("d3", "d4", "d5");
        assertThat(ids(c.whereGreaterThan("tag", 1L))).isEmpty(); // comparisons are type-bounded
        assertThat(ids(c.whereIn("tag", List.of("b", "c")))).containsExactly("d2", "d4", "d5");
        assertThat(ids(c.whereNotIn("tag", List.of("a", "b")))).containsExactly("d4", "d7");
        assertThat(ids(c.whereArrayContains("arr", "y"))).containsExactly("d1", "d2");
        assertThat(ids(c.whereArrayContainsAny("arr", List.of("x", "z")))).containsExactly("d1", "d5");
        assertThat(ids(c.whereEqualTo("n", null))).containsExactly("d6");
        assertThat(ids(c.whereNotEqualTo("n", null))).containsExactly("d1", "d2", "d3", "d4", "d5");
        assertThat(ids(c.whereEqualTo(FieldPath.documentId(), "d4"))).containsExactly("d4");
    }

    @Test
    void implicitInequalityOrderFollowsTheLastExplicitDirection(Firestore db) throws Exception {
        CollectionReference c = db.collection("implicit");
        WriteBatch b = db.batch();
        b.set(c.document("p"), Map.of("grp", 1L, "n", 1L));
        b.set(c.document("q"), Map.of("grp", 1L, "n", 2L));
        b.set(c.document("r"), Map.of("grp", 1L, "n", 3L));
        b.set(c.document("s"), Map.of("grp", 2L, "n", 0L));
        b.commit().get();
        // ordered by grp desc, then (implicitly) n desc and __name__ desc
        Query q = c.whereLessThan("n", 10L).orderBy("grp", Query.Direction.DESCENDING);
        assertThat(ids(q)).containsExactly("s", "r", "q", "p");
        // limitToLast arrives with the explicit order flipped and no implicit ones: the server must flip them too
        assertThat(ids(q.limitToLast(2))).containsExactly("q", "p");
        assertThat(ids(c.whereLessThan("n", 10L).orderBy("grp").limitToLast(2))).containsExactly("r", "s");
        assertThat(ids(c.whereLessThan("n", 10L).orderBy("grp").limit(2))).containsExactly("p", "q");
    }

    @Test
    void nanFiltersAndUnaryFilters(Firestore db) throws Exception {
        CollectionReference c = db.collection("nan");
        c.document("a").set(Map.of("v", Double.NaN)).get();
        c.document("b").set(Map.of("v", 1.0)).get();
        c.document("c").set(Map.of("v", "s")).get();
        assertThat(ids(c.whereEqualTo("v", Double.NaN))).containsExactly("a");
        assertThat(ids(c.whereNotEqualTo("v", Double.NaN))).containsExactly("b", "c");
    }

    @Test
    void compositeAndOrFilters(Firestore db) throws Exception {
        CollectionReference c = seed(db);
        assertThat(ids(c.where(Filter.and(Filter.equalTo("tag", "a"), Filter.greaterThan("n", 1L)))))
                .containsExactly("d3");
        assertThat(ids(c.where(Filter.or(Filter.equalTo("tag", "c"), Filter.lessThan("n", 2L)))))
                .containsExactly("d1", "d4");
        assertThat(ids(c.where(Filter.or(Filter.and(Filter.equalTo("tag", "b"), Filter.greaterThan("n", 2L)),
                Filter.equalTo("tag", "a"))))).containsExactly("d6", "d1", "d3", "d5");
        // the inequality on n orders the whole query by n, which also drops d7 (no n) from the OR's other branch
        assertThat(ids(c.where(Filter.or(Filter.greaterThan("n", 4L), Filter.equalTo("tag", "d"))))).containsExactly("d5");
    }

    @Test
    void orderByWithImplicitNameTieBreakerAndExistenceFilter(Firestore db) throws Exception {
        CollectionReference c = seed(db);
        // d7 lacks n: excluded by the order; null sorts first; ties on grp broken by __name__ in the last direction
        assertThat(ids(c.orderBy("n"))).containsExactly("d6", "d1", "d2", "d3", "d4", "d5");
        assertThat(ids(c.orderBy("grp", Query.Direction.DESCENDING))).containsExactly("d5", "d4", "d3", "d2", "d1");
        assertThat(ids(c.orderBy("grp").orderBy("n", Query.Direction.DESCENDING))).containsExactly("d2", "d1", "d4", "d3", "d5");
        // inequality without order_by: ordered by the inequality field, then __name__
        assertThat(ids(c.whereGreaterThan("n", 1L))).containsExactly("d2", "d3", "d4", "d5");
        assertThat(ids(c.whereNotEqualTo("tag", "a").orderBy("grp", Query.Direction.DESCENDING)))
                .containsExactly("d5", "d4", "d2");
    }

    @Test
    void cursorsLimitOffsetAndLimitToLast(Firestore db) throws Exception {
        CollectionReference c = seed(db);
        Query byN = c.whereGreaterThan("n", 0L).orderBy("n");
        assertThat(ids(byN.startAt(2L))).containsExactly("d2", "d3", "d4", "d5");
        assertThat(ids(byN.startAfter(2L))).containsExactly("d3", "d4", "d5");
        assertThat(ids(byN.endAt(4L))).containsExactly("d1", "d2", "d3", "d4");
        assertThat(ids(byN.endBefore(4L))).containsExactly("d1", "d2", "d3");
        assertThat(ids(byN.startAfter(1L).endBefore(5L).limit(2))).containsExactly("d2", "d3");
        assertThat(ids(byN.offset(1).limit(3))).containsExactly("d2", "d3", "d4");
        assertThat(ids(byN.limitToLast(2))).containsExactly("d4", "d5");
        assertThat(ids(byN.endBefore(5L).limitToLast(2))).containsExactly("d3", "d4");
        // a snapshot cursor adds __name__ to break ties
        QuerySnapshot page1 = c.orderBy("grp").limit(2).get().get();
        assertThat(page1.getDocuments()).extracting(DocumentSnapshot::getId).containsExactly("d1", "d2");
        DocumentSnapshot last = page1.getDocuments().get(1);
        assertThat(ids(c.orderBy("grp").startAfter(last).limit(2))).containsExactly("d3", "d4");
        assertThat(ids(c.orderBy("grp").startAt(last).limit(2))).containsExactly("d2", "d3");
        assertThat(ids(c.orderBy("grp", Query.Direction.DESCENDING).startAfter(c.document("d4").get().get())))
                .containsExactly("d3", "d2", "d1");
        assertThat(ids(c.orderBy(FieldPath.documentId()).startAfter("d5"))).containsExactly("d6", "d7");
        assertThat(ids(c.limit(0))).isEmpty();
    }

    @Test
    void collectionGroupsAndSubcollections(Firestore db) throws Exception {
        db.collection("users").document("u1").collection("orders").document("o1").set(Map.of("total", 10L)).get();
        db.collection("users").document("u2").collection("orders").document("o2").set(Map.of("total", 20L)).get();
        db.collection("orders").document("o3").set(Map.of("total", 30L)).get();
        db.collection("users").document("u1").collection("orders").document("o1")
                .collection("orders").document("o4").set(Map.of("total", 40L)).get();
        db.collection("users").document("u1").collection("notes").document("n1").set(Map.of("total", 50L)).get();
        assertThat(ids(db.collectionGroup("orders").orderBy("total"))).containsExactly("o1", "o2", "o3", "o4");
        assertThat(ids(db.collectionGroup("orders").whereGreaterThan("total", 15L))).containsExactly("o2", "o3", "o4");
        assertThat(ids(db.collection("users").document("u1").collection("orders"))).containsExactly("o1");
        assertThat(ids(db.collection("orders"))).containsExactly("o3");
    }

    @Test
    void valuesOfDifferentTypesSortInFirestoreOrder(Firestore db) throws Exception {
        CollectionReference c = db.collection("types");
        List<Object> ordered = Arrays.asList(
                null, false, true, Double.NaN, Double.NEGATIVE_INFINITY, -5L, 0.5, 1L, Double.POSITIVE_INFINITY,
                Timestamp.ofTimeSecondsAndNanos(10, 0), Timestamp.ofTimeSecondsAndNanos(10, 1000),
                "", "A", "a", "ab", "\uFFFF", "\uD83D\uDE00",
                Blob.fromBytes(new byte[] {1}), Blob.fromBytes(new byte[] {(byte) 0xff}),
                db.document("a/b"), db.document("a/b/c/d"), db.document("b/a"),
                new GeoPoint(-10, 5), new GeoPoint(10, -5),
                List.of(), List.of(1L), List.of(1L, 2L), List.of(2L),
                Map.of(), Map.of("a", 1L), Map.of("a", 2L), Map.of("b", 0L));
        WriteBatch b = db.batch();
        for (int i = 0; i < ordered.size(); i++) {
            Map<String, Object> m = new HashMap<>();
            m.put("v", ordered.get(i));
            b.set(c.document(String.format("x%02d", ordered.size() - i)), m); // ids in reverse of value order
        }
        b.commit().get();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < ordered.size(); i++) {
            expected.add(String.format("x%02d", ordered.size() - i));
        }
        assertThat(ids(c.orderBy("v"))).containsExactlyElementsOf(expected);
        List<String> reversed = new ArrayList<>(expected);
        java.util.Collections.reverse(reversed);
        assertThat(ids(c.orderBy("v", Query.Direction.DESCENDING))).containsExactlyElementsOf(reversed);
    }

    @Test
    void selectProjectsFields(Firestore db) throws Exception {
        CollectionReference c = seed(db);
        List<QueryDocumentSnapshot> docs = c.select("tag").whereEqualTo("tag", "c").get().get().getDocuments();
        assertThat(docs).hasSize(1);
        assertThat(docs.get(0).getData()).isEqualTo(Map.of("tag", "c"));
        List<QueryDocumentSnapshot> keysOnly = c.select(FieldPath.documentId()).get().get().getDocuments();
        assertThat(keysOnly).hasSize(7).allSatisfy(d -> assertThat(d.getData()).isEmpty());
    }

    @Test
    void listDocumentsAndCollections(Firestore db) throws Exception {
        CollectionReference c = seed(db);
        List<String> ids = new ArrayList<>();
        c.listDocuments().forEach(r -> ids.add(r.getId()));
        assertThat(ids).containsExactly("d1", "d2", "d3", "d4", "d5", "d6", "d7");
        List<String> colls = new ArrayList<>();
        db.listCollections().forEach(r -> colls.add(r.getId()));
        assertThat(colls).containsExactly("items");
        // a document id with only subcollections is listed (show_missing), as the service does
        c.document("ghost").collection("sub").document("x").set(Map.of("v", 1L)).get();
        List<String> withGhost = new ArrayList<>();
        c.listDocuments().forEach(r -> withGhost.add(r.getId()));
        assertThat(withGhost).containsExactly("d1", "d2", "d3", "d4", "d5", "d6", "d7", "ghost");
        assertThat(c.document("ghost").get().get().exists()).isFalse();
        List<String> sub = new ArrayList<>();
        c.document("ghost").listCollections().forEach(r -> sub.add(r.getId()));
        assertThat(sub).containsExactly("sub");
    }
}
