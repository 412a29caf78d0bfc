package io.headroom.testkit.firestore;

import static io.headroom.testkit.firestore.FirestoreDocumentsIT.codeOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.firestore.AggregateField;
import com.google.cloud.firestore.AggregateQuerySnapshot;
import com.google.cloud.firestore.CollectionReference;
import com.google.cloud.firestore.Firestore;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The service's limits and aggregation semantics, as the emulator answers them through the real client. */
@WithFirestore
class FirestoreLimitsIT {

    @Test
    void reservedIdsAreRejected(Firestore db) {
        assertThatThrownBy(() -> db.collection("c").document("__x__").set(Map.of("v", 1L)).get())
                .satisfies(e -> assertThat(codeOf(e)).isEqualTo(StatusCode.Code.INVALID_ARGUMENT))
                .hasMessageContaining("reserved");
        assertThatThrownBy(() -> db.collection("__c__").document("d").set(Map.of("v", 1L)).get())
                .satisfies(e -> assertThat(codeOf(e)).isEqualTo(StatusCode.Code.INVALID_ARGUMENT));
    }

    @Test
    void aDocumentOverOneMebibyteIsRejected(Firestore db) throws Exception {
        String big = "x".repeat(1_048_576);
        assertThatThrownBy(() -> db.collection("c").document("big").set(Map.of("v", big)).get())
                .satisfies(e -> assertThat(codeOf(e)).isEqualTo(StatusCode.Code.INVALID_ARGUMENT))
                .hasMessageContaining("exceeds the maximum allowed size of 1048576 bytes");
        db.collection("c").document("fits").set(Map.of("v", "x".repeat(1_000_000))).get();
    }

    @Test
    void valuesNestedDeeperThanTwentyLevelsAreRejected(Firestore db) throws Exception {
        Map<String, Object> twenty = nested(20);
        db.collection("c").document("ok").set(twenty).get();
        assertThatThrownBy(() -> db.collection("c").document("deep").set(nested(21)).get())
                .satisfies(e -> assertThat(codeOf(e)).isEqualTo(StatusCode.Code.INVALID_ARGUMENT))
                .hasMessageContaining("20 levels");
    }

    private static Map<String, Object> nested(int levels) {
        Map<String, Object> m = new HashMap<>(Map.of("leaf", 1L));
        for (int i = 1; i < levels; i++) {
            m = new HashMap<>(Map.of("m", m));
        }
        return Map.of("top", m);
    }

    @Test
    void moreThanFiveAggregationsAreRejected(Firestore db) throws Exception {
        db.collection("a").document("d").set(Map.of("x", 1L, "y", 2L)).get();
        assertThatThrownBy(() -> db.collection("a").aggregate(AggregateField.count(), AggregateField.sum("x"),
                        AggregateField.sum("y"), AggregateField.average("x"), AggregateField.average("y"),
                        AggregateField.sum("z")).get().get())
                .satisfies(e -> assertThat(codeOf(e)).isEqualTo(StatusCode.Code.INVALID_ARGUMENT));
    }

    @Test
    void aggregationsSeeOnlyDocumentsThatHaveEveryAggregatedField(Firestore db) throws Exception {
        CollectionReference c = db.collection("agg");
        c.document("both").set(Map.of("x", 1L, "y", 10L)).get();
        c.document("onlyX").set(Map.of("x", 2L)).get();
        c.document("none").set(Map.of("z", 3L)).get();
        assertThat(c.count().get().get().getCount()).isEqualTo(3L);
        AggregateQuerySnapshot s = c.aggregate(AggregateField.count(), AggregateField.sum("x")).get().get();
        assertThat(s.getCount()).isEqualTo(2L);
        assertThat(s.getLong(AggregateField.sum("x"))).isEqualTo(3L);
        AggregateQuerySnapshot t = c.aggregate(AggregateField.count(), AggregateField.sum("x"),
                AggregateField.average("y")).get().get();
        assertThat(t.getCount()).isEqualTo(1L);
        assertThat(t.getLong(AggregateField.sum("x"))).isEqualTo(1L);
        assertThat(t.getDouble(AggregateField.average("y"))).isEqualTo(10.0);
    }

    @Test
    void anIntegerSumThatOverflowsBecomesADouble(Firestore db) throws Exception {
        CollectionReference c = db.collection("sum");
        c.document("a").set(Map.of("x", Long.MAX_VALUE)).get();
        c.document("b").set(Map.of("x", 1L)).get();
        Object sum = c.aggregate(AggregateField.sum("x")).get().get().get(AggregateField.sum("x"));
        assertThat(sum).isInstanceOf(Double.class).isEqualTo((double) Long.MAX_VALUE + 1.0);
    }
}
