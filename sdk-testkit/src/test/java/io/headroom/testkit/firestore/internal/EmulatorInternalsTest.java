package io.headroom.testkit.firestore.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.firestore.v1.CommitRequest;
import com.google.firestore.v1.Document;
import com.google.firestore.v1.DocumentTransform.FieldTransform;
import com.google.firestore.v1.RunAggregationQueryRequest;
import com.google.firestore.v1.StructuredAggregationQuery;
import com.google.firestore.v1.StructuredQuery;
import com.google.firestore.v1.Value;
import com.google.firestore.v1.Write;
import com.google.protobuf.Int64Value;
import com.google.protobuf.Timestamp;
import io.grpc.Status;
import io.headroom.testkit.ManualTicker;
import io.headroom.testkit.firestore.Contention;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The emulator's building blocks without a server: value order, field paths, transforms, Database. */
class EmulatorInternalsTest {

    private static final String DB = "projects/p/databases/(default)";

    private static Value s(String v) {
        return Value.newBuilder().setStringValue(v).build();
    }

    @Test
    void numbersCompareExactlyAcrossIntegersAndDoubles() {
        assertThat(Values.compare(Values.of(Long.MAX_VALUE), Values.of(0x1p63))).isNegative();
        assertThat(Values.compare(Values.of((1L << 53) + 1), Values.of(0x1p53))).isPositive(); // a double would say 0
        assertThat(Values.compare(Values.of(-1L), Values.of(-1.5))).isPositive();
        assertThat(Values.compare(Values.of(1L), Values.of(1.0))).isZero();
        assertThat(Values.compare(Values.of(-0.0), Values.of(0.0))).isZero();
        assertThat(Values.compare(Values.of(Double.NaN), Values.of(Double.NEGATIVE_INFINITY))).isNegative();
        assertThat(Values.compare(Values.of(Double.NaN), Values.of(Double.NaN))).isZero();
        assertThat(Values.compare(Values.of(Long.MIN_VALUE), Values.of(Double.NEGATIVE_INFINITY))).isPositive();
    }

    @Test
    void stringsCompareByUtf8BytesNotUtf16Units() {
        // U+FFFF is one UTF-16 unit above the surrogates, but its UTF-8 form sorts before any supplementary char
        assertThat("\uFFFF".compareTo("\uD83D\uDE00")).isPositive();
        assertThat(Values.compare(s("\uFFFF"), s("\uD83D\uDE00"))).isNegative();
        assertThat(Values.compare(s("a"), s("ab"))).isNegative();
        assertThat(Values.compareReferences("projects/p/databases/d/documents/a/b", "projects/p/databases/d/documents/a-/a"))
                .isNegative(); // segment by segment: "a" < "a-", unlike the whole strings' "/" vs "-"
    }

    @Test
    void fieldPathsParseBackQuotesAndEscapes() {
        assertThat(FieldPath.parse("a.b.c").segments()).containsExactly("a", "b", "c");
        assertThat(FieldPath.parse("`a.b`.c").segments()).containsExactly("a.b", "c");
        assertThat(FieldPath.parse("`we\\`ird`").segments()).containsExactly("we`ird");
        assertThatThrownBy(() -> FieldPath.parse("a..b")).isInstanceOf(EmulatorException.class);
        assertThatThrownBy(() -> FieldPath.parse("`open")).isInstanceOf(EmulatorException.class);
        Map<String, Value> fields = new HashMap<>();
        FieldPath.parse("m.x").set(fields, Values.of(1L));
        FieldPath.parse("m.y").set(fields, Values.of(2L));
        assertThat(FieldPath.parse("m.x").get(fields)).isEqualTo(Values.of(1L));
        FieldPath.parse("m.x").delete(fields);
        assertThat(FieldPath.parse("m.x").get(fields)).isNull();
        assertThat(FieldPath.parse("m.y").get(fields)).isEqualTo(Values.of(2L));
    }

    @Test
    void maximumMinimumFollowTheServiceRules() {
        Timestamp now = Timestamp.getDefaultInstance();
        FieldTransform max = FieldTransform.newBuilder().setFieldPath("f").setMaximum(Values.of(3.0)).build();
        FieldTransform min = FieldTransform.newBuilder().setFieldPath("f").setMinimum(Values.of(Double.NaN)).build();
        assertThat(Transforms.apply(max, Values.of(3L), now)).isEqualTo(Values.of(3L)); // equivalent: stored stays
        assertThat(Transforms.apply(max, Values.of(2L), now)).isEqualTo(Values.of(3.0));
        assertThat(Transforms.apply(max, s("x"), now)).isEqualTo(Values.of(3.0));
        assertThat(Transforms.apply(min, Values.of(2L), now).getDoubleValue()).isNaN();
        FieldTransform inc = FieldTransform.newBuilder().setFieldPath("f").setIncrement(Values.of(-5L)).build();
        assertThat(Transforms.apply(inc, Values.of(Long.MIN_VALUE + 1), now)).isEqualTo(Values.of(Long.MIN_VALUE));
        FieldTransform bad = FieldTransform.newBuilder().setFieldPath("f").setIncrement(s("1")).build();
        assertThatThrownBy(() -> Transforms.apply(bad, null, now)).isInstanceOf(EmulatorException.class);
    }

    private static Write set(String id, Map<String, Value> fields) {
        return Write.newBuilder().setUpdate(Document.newBuilder().setName(DB + "/documents/c/" + id).putAllFields(fields)).build();
    }

    @Test
    void severalWritesToOneDocumentInACommitApplyInOrder() throws Exception {
        Database db = new Database(DB, Contention.off());
        Write inc = Write.newBuilder().setTransform(com.google.firestore.v1.DocumentTransform.newBuilder()
                .setDocument(DB + "/documents/c/a")
                .addFieldTransforms(FieldTransform.newBuilder().setFieldPath("n").setIncrement(Values.of(1L)))).build();
        db.commit(CommitRequest.newBuilder().setDatabase(DB).addWrites(set("a", Map.of("n", Values.of(10L))))
                .addWrites(inc).addWrites(inc).build());
        assertThat(db.documentCount()).isEqualTo(1);
        assertThat(db.usage().writes()).isEqualTo(3);
        var r = db.batchGet(com.google.firestore.v1.BatchGetDocumentsRequest.newBuilder().setDatabase(DB)
                .addDocuments(DB + "/documents/c/a").build());
        assertThat(r.get(0).getFound().getFieldsMap().get("n")).isEqualTo(Values.of(12L));
    }

    @Test
    void countHonoursUpTo() throws Exception {
        Database db = new Database(DB, Contention.off());
        CommitRequest.Builder c = CommitRequest.newBuilder().setDatabase(DB);
        for (int i = 0; i < 5; i++) {
            c.addWrites(set("d" + i, Map.of()));
        }
        db.commit(c.build());
        RunAggregationQueryRequest req = RunAggregationQueryRequest.newBuilder().setParent(DB + "/documents")
                .setStructuredAggregationQuery(StructuredAggregationQuery.newBuilder()
                        .setStructuredQuery(StructuredQuery.newBuilder().addFrom(
                                StructuredQuery.CollectionSelector.newBuilder().setCollectionId("c")))
                        .addAggregations(StructuredAggregationQuery.Aggregation.newBuilder().setAlias("n")
                                .setCount(StructuredAggregationQuery.Aggregation.Count.newBuilder()
                                        .setUpTo(Int64Value.of(3)))))
                .build();
        assertThat(db.runAggregation(req).getResult().getAggregateFieldsMap().get("n")).isEqualTo(Values.of(3L));
    }

    @Test
    void contentionIsAVirtualSchedulePerDocument() throws Exception {
        ManualTicker t = new ManualTicker();
        Database db = new Database(DB, Contention.builder().writesPerSecond(2).burst(2).maxWait(Duration.ZERO).ticker(t).build());
        db.commit(CommitRequest.newBuilder().setDatabase(DB).addWrites(set("a", Map.of())).build());
        db.commit(CommitRequest.newBuilder().setDatabase(DB).addWrites(set("a", Map.of("v", Values.of(1L)))).build());
        assertThatThrownBy(() -> db.commit(CommitRequest.newBuilder().setDatabase(DB).addWrites(set("a", Map.of())).build()))
                .isInstanceOfSatisfying(EmulatorException.class, e -> assertThat(e.code()).isEqualTo(Status.Code.ABORTED));
        t.advance(Duration.ofMillis(499));
        assertThatThrownBy(() -> db.commit(CommitRequest.newBuilder().setDatabase(DB).addWrites(set("a", Map.of())).build()))
                .isInstanceOf(EmulatorException.class);
        t.advance(Duration.ofMillis(1));
        db.commit(CommitRequest.newBuilder().setDatabase(DB).addWrites(set("a", Map.of())).build());
        assertThat(db.usage().writes()).isEqualTo(3);
        db.commit(CommitRequest.newBuilder().setDatabase(DB).addWrites(set("b", Map.of())).build()); // other docs free
    }

    @Test
    void malformedRequestsAreInvalidArguments() {
        Database db = new Database(DB, Contention.off());
        assertThatThrownBy(() -> db.commit(CommitRequest.newBuilder().setDatabase(DB)
                .addWrites(Write.newBuilder().setDelete(DB + "/documents/c")).build()))
                .isInstanceOfSatisfying(EmulatorException.class, e -> assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT))
                .hasMessageContaining("collection");
        assertThatThrownBy(() -> db.commit(CommitRequest.newBuilder().setDatabase(DB)
                .addWrites(Write.newBuilder().setDelete("projects/q/databases/(default)/documents/c/d")).build()))
                .isInstanceOf(EmulatorException.class).hasMessageContaining("not in database");
        assertThatThrownBy(() -> db.commit(CommitRequest.newBuilder().setDatabase(DB)
                .setTransaction(com.google.protobuf.ByteString.copyFromUtf8("nope")).build()))
                .isInstanceOf(EmulatorException.class).hasMessageContaining("invalid");
        assertThat(List.of(Values.typeOrder(Values.NULL_VALUE))).containsExactly(0);
    }
}
