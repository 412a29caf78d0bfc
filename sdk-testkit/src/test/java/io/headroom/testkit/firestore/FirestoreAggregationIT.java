package io.headroom.testkit.firestore;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.firestore.AggregateField;
import com.google.cloud.firestore.AggregateQuerySnapshot;
import com.google.cloud.firestore.CollectionReference;
import com.google.cloud.firestore.Firestore;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** RunAggregationQuery through the real client: count, sum and avg over filtered queries. */
@WithFirestore
class FirestoreAggregationIT {

    @Test
    void countSumAndAverageOverTheSameFilters(Firestore db) throws Exception {
        CollectionReference c = db.collection("orders");
        c.document("a").set(Map.of("total", 10L, "status", "paid")).get();
        c.document("b").set(Map.of("total", 20L, "status", "paid")).get();
        c.document("c").set(Map.of("total", 2.5, "status", "open")).get();
        c.document("d").set(Map.of("total", "n/a", "status", "paid")).get(); // not numeric: ignored by sum/avg
        c.document("e").set(Map.of("status", "paid")).get();

        assertThat(c.count().get().get().getCount()).isEqualTo(5L);
        AggregateQuerySnapshot paid = c.whereEqualTo("status", "paid")
                .aggregate(AggregateField.count(), AggregateField.sum("total"), AggregateField.average("total")).get().get();
        // the service runs every aggregation of a query over the documents that have each aggregated field:
        // "e" (no total) is not counted here, "d" (a non-numeric total) is
        assertThat(paid.getCount()).isEqualTo(3L);
        assertThat(paid.get(AggregateField.sum("total"))).isEqualTo(30L); // integers only: an integer
        assertThat(paid.get(AggregateField.average("total"))).isEqualTo(15.0);

        AggregateQuerySnapshot all = c.aggregate(AggregateField.sum("total"), AggregateField.average("total")).get().get();
        assertThat(all.get(AggregateField.sum("total"))).isEqualTo(32.5); // a double joins: a double
        assertThat(all.get(AggregateField.average("total"))).isEqualTo(32.5 / 3);

        AggregateQuerySnapshot none = c.whereEqualTo("status", "void")
                .aggregate(AggregateField.count(), AggregateField.sum("total"), AggregateField.average("total")).get().get();
        assertThat(none.getCount()).isZero();
        assertThat(none.get(AggregateField.sum("total"))).isEqualTo(0L);
        assertThat(none.get(AggregateField.average("total"))).isNull();

        assertThat(c.whereGreaterThan("total", 5L).limit(1).count().get().get().getCount()).isEqualTo(1L);
        assertThat(db.collectionGroup("orders").count().get().get().getCount()).isEqualTo(5L);
    }
}
