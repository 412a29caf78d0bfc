package io.headroom.testkit.firestore;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.firestore.CollectionReference;
import com.google.cloud.firestore.FieldPath;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.Query;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import com.google.cloud.firestore.WriteBatch;
import io.headroom.testkit.firestore.QueryModel.And;
import io.headroom.testkit.firestore.QueryModel.Cursor;
import io.headroom.testkit.firestore.QueryModel.Doc;
import io.headroom.testkit.firestore.QueryModel.FieldFilter;
import io.headroom.testkit.firestore.QueryModel.Filter;
import io.headroom.testkit.firestore.QueryModel.Op;
import io.headroom.testkit.firestore.QueryModel.Or;
import io.headroom.testkit.firestore.QueryModel.Order;
import io.headroom.testkit.firestore.QueryModel.Spec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Query semantics through the real client against {@link QueryModel}: random documents of mixed value types,
 * random filters (every operator, AND/OR), orders, cursors, offsets, limits and limit-to-last give the same
 * documents in the same order as filtering and sorting a list with Firestore's value order.
 */
class FirestoreQueryPropertiesIT {

    private static final Firestore DB = FirestoreEmulator.shared().firestore("query-properties");
    private static final AtomicInteger RUNS = new AtomicInteger();

    // values of mixed types, including the edge cases of Firestore's order
    private static final List<Object> VALUES = Arrays.asList(
            null, false, true, -1L, 0L, 1L, 2L, -0.0, 0.0, 0.5, 1.0, Double.NaN, Double.NEGATIVE_INFINITY,
            "", "a", "ab", "b", List.of(), List.of(1L), List.of(1L, 2L), List.of(2L), Map.of("x", 1L), Map.of());
    private static final List<Object> PLAIN = VALUES.stream()
            .filter(v -> v != null && !(v instanceof Double d && d.isNaN())).toList();
    private static final List<Object> ELEMENTS = Arrays.asList(1L, 2L, 1.0, "a", null);
    private static final List<String> FILTER_FIELDS = List.of("a", "b", "arr", "m.x");
    private static final List<Object> MX = Arrays.asList(0L, 1L, "x", null);
    // operands and cursor values are drawn mostly from the values the field holds, so results are rarely empty
    private static final Map<String, List<Object>> FIELD_VALUES = Map.of(
            "a", VALUES, "b", List.of(0L, 1L, 2L, 3L, 1.5), "m.x", MX,
            "arr", Arrays.asList(1L, 2L, 1.0, "a", null, List.of(), List.of(1L)));
    private static final List<String> ORDER_FIELDS = List.of("a", "b", "m.x", "__name__");

    @AfterContainer
    static void close() throws Exception {
        DB.close();
    }

    @Property(tries = 200)
    void queriesReturnWhatTheReferenceModelReturns(@ForAll("docs") List<Doc> docs, @ForAll("specs") Spec spec)
            throws Exception {
        CollectionReference c = DB.collection("run" + RUNS.incrementAndGet());
        write(c, docs);
        Query q;
        try {
            q = toQuery(c, spec);
        } catch (IllegalArgumentException rejectedByTheClient) {
            Assume.that(false);
            return;
        }
        List<String> actual = new ArrayList<>();
        for (QueryDocumentSnapshot d : q.get().get().getDocuments()) {
            actual.add(d.getId());
        }
        net.jqwik.api.statistics.Statistics.label("documents returned").collect(actual.isEmpty() ? "0" : actual.size() < 3 ? "1-2" : ">= 3");
        assertThat(actual).as("%s over %s", spec, docs).containsExactlyElementsOf(QueryModel.run(spec, docs));
    }

    @Property(tries = 50)
    void countMatchesTheReferenceModel(@ForAll("docs") List<Doc> docs, @ForAll("filters") Filter filter) throws Exception {
        CollectionReference c = DB.collection("count" + RUNS.incrementAndGet());
        write(c, docs);
        Spec spec = new Spec(filter, List.of(), null, null, null, 0, false);
        Query q;
        try {
            q = toQuery(c, spec);
        } catch (IllegalArgumentException rejectedByTheClient) {
            Assume.that(false);
            return;
        }
        assertThat(q.count().get().get().getCount()).as("%s over %s", filter, docs)
                .isEqualTo(QueryModel.run(spec, docs).size());
    }

    private static void write(CollectionReference c, List<Doc> docs) throws Exception {
        if (docs.isEmpty()) {
            return;
        }
        WriteBatch b = DB.batch();
        for (Doc d : docs) {
            b.set(c.document(d.id()), d.fields());
        }
        b.commit().get();
    }

    private static Query toQuery(CollectionReference c, Spec s) {
        Query q = c;
        if (s.filter() != null) {
            q = q.where(toFilter(s.filter()));
        }
        for (Order o : s.orders()) {
            Query.Direction dir = o.descending() ? Query.Direction.DESCENDING : Query.Direction.ASCENDING;
            q = o.field().equals("__name__") ? q.orderBy(FieldPath.documentId(), dir) : q.orderBy(o.field(), dir);
        }
        if (s.start() != null) {
            Object[] v = s.start().values().toArray();
            q = s.start().before() ? q.startAt(v) : q.startAfter(v);
        }
        if (s.end() != null) {
            Object[] v = s.end().values().toArray();
            q = s.end().before() ? q.endBefore(v) : q.endAt(v);
        }
        if (s.offset() > 0) {
            q = q.offset(s.offset());
        }
        if (s.limit() != null) {
            q = s.limitToLast() ? q.limitToLast(s.limit()) : q.limit(s.limit());
        }
        return q;
    }

    private static com.google.cloud.firestore.Filter toFilter(Filter f) {
        if (f instanceof And and) {
            return com.google.cloud.firestore.Filter.and(and.filters().stream().map(FirestoreQueryPropertiesIT::toFilter)
                    .toArray(com.google.cloud.firestore.Filter[]::new));
        }
        if (f instanceof Or or) {
            return com.google.cloud.firestore.Filter.or(or.filters().stream().map(FirestoreQueryPropertiesIT::toFilter)
                    .toArray(com.google.cloud.firestore.Filter[]::new));
        }
        FieldFilter ff = (FieldFilter) f;
        String field = ff.field();
        Object v = ff.value();
        switch (ff.op()) {
            case EQ: return com.google.cloud.firestore.Filter.equalTo(field, v);
            case NE: return com.google.cloud.firestore.Filter.notEqualTo(field, v);
            case LT: return com.google.cloud.firestore.Filter.lessThan(field, v);
            case LE: return com.google.cloud.firestore.Filter.lessThanOrEqualTo(field, v);
            case GT: return com.google.cloud.firestore.Filter.greaterThan(field, v);
            case GE: return com.google.cloud.firestore.Filter.greaterThanOrEqualTo(field, v);
            case IN: return com.google.cloud.firestore.Filter.inArray(field, (List<?>) v);
            case NOT_IN: return com.google.cloud.firestore.Filter.notInArray(field, (List<?>) v);
            case ARRAY_CONTAINS: return com.google.cloud.firestore.Filter.arrayContains(field, v);
            case ARRAY_CONTAINS_ANY: return com.google.cloud.firestore.Filter.arrayContainsAny(field, (List<?>) v);
            default: throw new AssertionError();
        }
    }

    // ------------------------------------------------------------------ generators

    private static Arbitrary<Object> pick(List<?> pool) {
        return Arbitraries.integers().between(0, pool.size() - 1).map(pool::get);
    }

    private static final Object ABSENT = QueryModel.ABSENT;

    @Provide
    Arbitrary<List<Doc>> docs() {
        Arbitrary<Object> a = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, pick(VALUES)), net.jqwik.api.Tuple.of(1, Arbitraries.just(ABSENT)));
        Arbitrary<Object> b = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Arbitraries.longs().between(0, 3).map(x -> (Object) x)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(ABSENT)));
        Arbitrary<Object> arr = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, pick(ELEMENTS).list().ofMaxSize(3).map(l -> (Object) l)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(ABSENT)));
        Arbitrary<Object> mx = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(2, pick(Arrays.asList(0L, 1L, "x", null))),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(ABSENT)));
        Arbitrary<Doc> doc = Combinators.combine(Arbitraries.integers().between(0, 14), a, b, arr, mx)
                .as((id, av, bv, arrv, mxv) -> {
                    Map<String, Object> fields = new LinkedHashMap<>();
                    if (av != ABSENT) {
                        fields.put("a", av);
                    }
                    if (bv != ABSENT) {
                        fields.put("b", bv);
                    }
                    if (arrv != ABSENT) {
                        fields.put("arr", arrv);
                    }
                    if (mxv != ABSENT) {
                        Map<String, Object> m = new HashMap<>();
                        m.put("x", mxv);
                        fields.put("m", m);
                    }
                    return new Doc(String.format("d%02d", id), fields);
                });
        return doc.list().ofMinSize(6).ofMaxSize(14).uniqueElements(Doc::id);
    }

    private static Arbitrary<Filter> fieldFilter(boolean composite) {
        List<Op> ops = composite
                ? List.of(Op.EQ, Op.LT, Op.LE, Op.GT, Op.GE, Op.IN, Op.ARRAY_CONTAINS)
                : List.of(Op.values());
        return Combinators.combine(Arbitraries.of(FILTER_FIELDS), Arbitraries.of(ops), Arbitraries.longs(),
                        Arbitraries.integers().between(0, 9))
                .as((field0, op0, seed, fromAll) -> {
                    java.util.Random r = new java.util.Random(seed);
                    // array operators mostly on the array field, which mostly gets array operators
                    boolean arrayOp = op0 == Op.ARRAY_CONTAINS || op0 == Op.ARRAY_CONTAINS_ANY;
                    String field = arrayOp && !field0.equals("a") ? "arr" : field0;
                    Op op = !arrayOp && field.equals("arr") && r.nextInt(3) > 0 && ops.contains(Op.ARRAY_CONTAINS)
                            ? Op.ARRAY_CONTAINS : op0;
                    List<Object> pool = fromAll == 0 ? VALUES : FIELD_VALUES.get(field);
                    Object any = pool.get(r.nextInt(pool.size()));
                    List<Object> plainPool = pool.stream().filter(v -> v != null && !(v instanceof Double d && d.isNaN())).toList();
                    Object plain = plainPool.get(r.nextInt(plainPool.size()));
                    List<Object> list = new ArrayList<>();
                    for (int i = 1 + r.nextInt(3); i > 0; i--) {
                        list.add(plainPool.get(r.nextInt(plainPool.size())));
                    }
                    switch (op) {
                        case EQ: case NE: return new FieldFilter(field, op, any);
                        case IN: case NOT_IN: case ARRAY_CONTAINS_ANY: return new FieldFilter(field, op, list);
                        default: return new FieldFilter(field, op, plain);
                    }
                });
    }

    @Provide
    Arbitrary<Filter> filters() {
        Arbitrary<Filter> composite = Combinators.combine(Arbitraries.of(true, false),
                        fieldFilter(true).list().ofMinSize(2).ofMaxSize(2))
                .as((and, fs) -> and ? new And(fs) : new Or(fs));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, fieldFilter(false)), net.jqwik.api.Tuple.of(1, composite));
    }

    @Provide
    Arbitrary<Spec> specs() {
        Arbitrary<Filter> filter = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(1, Arbitraries.just((Filter) null)), net.jqwik.api.Tuple.of(1, filters()));
        Arbitrary<List<Order>> orders = Combinators.combine(Arbitraries.of(ORDER_FIELDS), Arbitraries.of(true, false))
                .as(Order::new).list().ofMaxSize(2).uniqueElements(Order::field);
        Arbitrary<Integer> limit = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(2, Arbitraries.just((Integer) null)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(1, 8)));
        return Combinators.combine(filter, orders, Arbitraries.integers().between(0, 3), limit,
                        Arbitraries.integers().between(0, 9), Arbitraries.integers().between(0, 9), Arbitraries.longs())
                .as((f, os, offset, lim, startKind, endKind, seed) -> {
                    java.util.Random r = new java.util.Random(seed);
                    Cursor start = os.isEmpty() || startKind >= 3 ? null : cursor(os, startKind % 2 == 0, r);
                    Cursor end = os.isEmpty() || endKind >= 3 ? null : cursor(os, endKind % 2 == 0, r);
                    boolean toLast = lim != null && !os.isEmpty() && r.nextInt(4) == 0;
                    return new Spec(f, os, start, end, lim, toLast || r.nextBoolean() ? 0 : offset, toLast);
                });
    }

    private static Cursor cursor(List<Order> orders, boolean before, java.util.Random r) {
        int n = 1 + r.nextInt(orders.size());
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (orders.get(i).field().equals("__name__")) {
                values.add(String.format("d%02d", r.nextInt(15)));
            } else {
                List<Object> pool = r.nextInt(8) == 0 ? VALUES : FIELD_VALUES.get(orders.get(i).field());
                values.add(pool.get(r.nextInt(pool.size())));
            }
        }
        return new Cursor(values, before);
    }
}
