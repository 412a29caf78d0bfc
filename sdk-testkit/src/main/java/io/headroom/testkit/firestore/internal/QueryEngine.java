package io.headroom.testkit.firestore.internal;

import com.google.firestore.v1.Cursor;
import com.google.firestore.v1.Document;
import com.google.firestore.v1.StructuredQuery;
import com.google.firestore.v1.StructuredQuery.CompositeFilter;
import com.google.firestore.v1.StructuredQuery.Direction;
import com.google.firestore.v1.StructuredQuery.FieldFilter;
import com.google.firestore.v1.StructuredQuery.Filter;
import com.google.firestore.v1.StructuredQuery.UnaryFilter;
import com.google.firestore.v1.Value;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Evaluates a {@link StructuredQuery} over candidate documents the way Firestore does: filters (with its
 * type-bounded comparisons), order by with the implicit inequality orders and the {@code __name__} tie-breaker,
 * cursors, offset, limit and projection. Stateless; the caller supplies the documents in scope.
 */
public final class QueryEngine {

    private QueryEngine() {
    }

    /** One effective ordering: a field (or the key) and a direction. */
    record Order(FieldPath field, boolean descending) {
    }

    /**
     * The outcome of a query.
     *
     * @param documents the documents returned, in order, not yet projected (see {@link #project})
     * @param skipped how many matching documents the offset skipped
     */
    public record Result(List<Document> documents, int skipped) {
    }

    /**
     * Runs the query.
     *
     * @param query the query (its {@code from} already used by the caller to pick {@code candidates})
     * @param candidates the documents in the query's scope, in any order
     * @return the result
     * @throws EmulatorException INVALID_ARGUMENT for a malformed query
     */
    public static Result run(StructuredQuery query, List<Document> candidates) {
        List<Order> orders = effectiveOrders(query);
        Filter where = query.hasWhere() ? query.getWhere() : null;
        List<Document> matched = new ArrayList<>();
        for (Document d : candidates) {
            if ((where == null || matches(where, d)) && hasOrderFields(orders, d)) {
                matched.add(d);
            }
        }
        matched.sort(comparator(orders));
        return window(query, orders, matched, false);
    }

    /**
     * Runs the query over documents already in its effective order (an ordered index's walk, which holds only
     * documents that have the order field): filters them as they come and stops at the end cursor or the limit.
     *
     * @param query the query
     * @param orders its {@link #effectiveOrders effective orders}
     * @param ordered the documents in scope, in that order
     * @return the result
     */
    static Result runOrdered(StructuredQuery query, List<Order> orders, Iterable<Document> ordered) {
        return window(query, orders, ordered, true);
    }

    private static Result window(StructuredQuery query, List<Order> orders, Iterable<Document> sorted, boolean filter) {
        Filter where = filter && query.hasWhere() ? query.getWhere() : null;
        Cursor start = query.hasStartAt() ? query.getStartAt() : null;
        Cursor end = query.hasEndAt() ? query.getEndAt() : null;
        checkCursor(start, orders, "start_at");
        checkCursor(end, orders, "end_at");
        int offset = query.getOffset();
        if (offset < 0) {
            throw EmulatorException.invalid("offset must not be negative, was " + offset);
        }
        int limit = query.hasLimit() ? query.getLimit().getValue() : Integer.MAX_VALUE;
        if (limit < 0) {
            throw EmulatorException.invalid("limit must not be negative, was " + limit);
        }
        List<Document> out = new ArrayList<>();
        int skipped = 0;
        for (Document d : sorted) {
            if (start != null) {
                int c = compareToCursor(d, start, orders);
                if (start.getBefore() ? c < 0 : c <= 0) {
                    continue;
                }
            }
            if (end != null) {
                int c = compareToCursor(d, end, orders);
                if (end.getBefore() ? c >= 0 : c > 0) {
                    break;
                }
            }
            if (where != null && !matches(where, d)) {
                continue;
            }
            if (skipped < offset) {
                skipped++;
                continue;
            }
            if (out.size() >= limit) {
                break;
            }
            out.add(d);
        }
        return new Result(out, skipped);
    }

    /**
     * The orders a query really uses: the explicit ones, then every inequality field not yet ordered (by field
     * path), then {@code __name__}; the implicit ones in the direction of the last explicit order (ascending when
     * there is none).
     *
     * @param query the query
     * @return the orders
     */
    static List<Order> effectiveOrders(StructuredQuery query) {
        List<Order> orders = new ArrayList<>();
        for (StructuredQuery.Order o : query.getOrderByList()) {
            if (o.getDirection() == Direction.DIRECTION_UNSPECIFIED || o.getDirection() == Direction.UNRECOGNIZED) {
                orders.add(new Order(FieldPath.parse(o.getField().getFieldPath()), false));
            } else {
                orders.add(new Order(FieldPath.parse(o.getField().getFieldPath()), o.getDirection() == Direction.DESCENDING));
            }
        }
        TreeSet<String> inequalities = new TreeSet<>(Values::compareStrings);
        if (query.hasWhere()) {
            collectInequalityFields(query.getWhere(), inequalities);
        }
        // inequality fields are ordered by their canonical (dotted) form
        Map<String, FieldPath> byCanonical = new HashMap<>();
        for (String f : inequalities) {
            byCanonical.put(f, FieldPath.parse(f));
        }
        // implicit orders take the direction of the last explicit order, as the service (and the clients'
        // normalized order-by) does: a limitToLast query arrives with its explicit orders flipped and no implicit
        // ones, so ordering an inequality field ascending there would return the wrong end of the results
        boolean lastDescending = !orders.isEmpty() && orders.get(orders.size() - 1).descending();
        for (String f : inequalities) {
            FieldPath p = byCanonical.get(f);
            if (orders.stream().noneMatch(o -> o.field().equals(p))) {
                orders.add(new Order(p, lastDescending));
            }
        }
        if (orders.stream().noneMatch(o -> o.field().isKey())) {
            orders.add(new Order(new FieldPath(List.of(FieldPath.KEY)), lastDescending));
        }
        return orders;
    }

    private static void collectInequalityFields(Filter f, TreeSet<String> out) {
        switch (f.getFilterTypeCase()) {
            case COMPOSITE_FILTER:
                for (Filter sub : f.getCompositeFilter().getFiltersList()) {
                    collectInequalityFields(sub, out);
                }
                break;
            case FIELD_FILTER:
                switch (f.getFieldFilter().getOp()) {
                    case LESS_THAN: case LESS_THAN_OR_EQUAL: case GREATER_THAN: case GREATER_THAN_OR_EQUAL:
                    case NOT_EQUAL: case NOT_IN:
                        out.add(FieldPath.parse(f.getFieldFilter().getField().getFieldPath()).toString());
                        break;
                    default:
                        break;
                }
                break;
            case UNARY_FILTER:
                UnaryFilter.Operator op = f.getUnaryFilter().getOp();
                if (op == UnaryFilter.Operator.IS_NOT_NAN || op == UnaryFilter.Operator.IS_NOT_NULL) {
                    out.add(FieldPath.parse(f.getUnaryFilter().getField().getFieldPath()).toString());
                }
                break;
            default:
                break;
        }
    }

    /**
     * Whether a document passes the query's filters and has every field it orders by (cursors, offset and limit
     * aside).
     *
     * @param query the query
     * @param d the document
     * @return whether it matches
     */
    public static boolean matchesQuery(StructuredQuery query, Document d) {
        return (!query.hasWhere() || matches(query.getWhere(), d)) && hasOrderFields(effectiveOrders(query), d);
    }

    private static boolean hasOrderFields(List<Order> orders, Document d) {
        for (Order o : orders) {
            if (!o.field().isKey() && o.field().get(d.getFieldsMap()) == null) {
                return false;
            }
        }
        return true;
    }

    static Comparator<Document> comparator(List<Order> orders) {
        return (a, b) -> {
            for (Order o : orders) {
                int c = Values.compare(valueOf(a, o.field()), valueOf(b, o.field()));
                if (c != 0) {
                    return o.descending() ? -c : c;
                }
            }
            return 0;
        };
    }

    private static Value valueOf(Document d, FieldPath f) {
        if (f.isKey()) {
            return Values.reference(d.getName());
        }
        Value v = f.get(d.getFieldsMap());
        return v == null ? Values.NULL_VALUE : v;
    }

    private static void checkCursor(@Nullable Cursor c, List<Order> orders, String which) {
        if (c == null) {
            return;
        }
        if (c.getValuesCount() > orders.size()) {
            throw EmulatorException.invalid(which + " cursor has " + c.getValuesCount()
                    + " values but the query has only " + orders.size() + " orderings");
        }
        for (int i = 0; i < c.getValuesCount(); i++) {
            if (orders.get(i).field().isKey() && c.getValues(i).getValueTypeCase() != Value.ValueTypeCase.REFERENCE_VALUE) {
                throw EmulatorException.invalid(which + " cursor value for __name__ must be a document reference, was "
                        + c.getValues(i).getValueTypeCase());
            }
        }
    }

    /** Position of the document relative to the cursor, in the query's order: negative when before it. */
    private static int compareToCursor(Document d, Cursor cursor, List<Order> orders) {
        for (int i = 0; i < cursor.getValuesCount(); i++) {
            Order o = orders.get(i);
            int c = Values.compare(valueOf(d, o.field()), cursor.getValues(i));
            if (c != 0) {
                return o.descending() ? -c : c;
            }
        }
        return 0;
    }

    /**
     * Applies the query's projection ({@code select}) to a document.
     *
     * @param query the query
     * @param d a document it returned
     * @return the document with only the selected fields
     */
    public static Document project(StructuredQuery query, Document d) {
        if (!query.hasSelect() || query.getSelect().getFieldsCount() == 0) {
            return d;
        }
        Map<String, Value> fields = new HashMap<>();
        for (StructuredQuery.FieldReference ref : query.getSelect().getFieldsList()) {
            FieldPath p = FieldPath.parse(ref.getFieldPath());
            if (p.isKey()) {
                continue;
            }
            Value v = p.get(d.getFieldsMap());
            if (v != null) {
                p.set(fields, v);
            }
        }
        return d.toBuilder().clearFields().putAllFields(fields).build();
    }

    /**
     * Whether a document satisfies a filter.
     *
     * @param f the filter
     * @param d the document
     * @return whether it matches
     */
    public static boolean matches(Filter f, Document d) {
        switch (f.getFilterTypeCase()) {
            case COMPOSITE_FILTER: {
                CompositeFilter cf = f.getCompositeFilter();
                boolean or = cf.getOp() == CompositeFilter.Operator.OR;
                if (cf.getOp() != CompositeFilter.Operator.OR && cf.getOp() != CompositeFilter.Operator.AND) {
                    throw EmulatorException.invalid("composite filter operator " + cf.getOp() + " is not supported");
                }
                for (Filter sub : cf.getFiltersList()) {
                    boolean m = matches(sub, d);
                    if (or && m) {
                        return true;
                    }
                    if (!or && !m) {
                        return false;
                    }
                }
                return !or || cf.getFiltersCount() == 0;
            }
            case FIELD_FILTER:
                return matchesField(f.getFieldFilter(), d);
            case UNARY_FILTER:
                return matchesUnary(f.getUnaryFilter(), d);
            default:
                throw EmulatorException.invalid("filter must set one of composite_filter, field_filter, unary_filter");
        }
    }

    private static boolean matchesUnary(UnaryFilter u, Document d) {
        FieldPath p = FieldPath.parse(u.getField().getFieldPath());
        Value v = p.isKey() ? Values.reference(d.getName()) : p.get(d.getFieldsMap());
        switch (u.getOp()) {
            case IS_NAN: return v != null && Values.isNaN(v);
            case IS_NULL: return v != null && v.getValueTypeCase() == Value.ValueTypeCase.NULL_VALUE;
            case IS_NOT_NAN: return v != null && v.getValueTypeCase() != Value.ValueTypeCase.NULL_VALUE && !Values.isNaN(v);
            case IS_NOT_NULL: return v != null && v.getValueTypeCase() != Value.ValueTypeCase.NULL_VALUE;
            default: throw EmulatorException.invalid("unary filter operator " + u.getOp() + " is not supported");
        }
    }

    private static boolean matchesField(FieldFilter ff, Document d) {
        FieldPath p = FieldPath.parse(ff.getField().getFieldPath());
        Value v = p.isKey() ? Values.reference(d.getName()) : p.get(d.getFieldsMap());
        Value operand = ff.getValue();
        if (v == null) {
            return false;
        }
        switch (ff.getOp()) {
            case EQUAL:
                return Values.typeOrder(v) == Values.typeOrder(operand) && Values.compare(v, operand) == 0;
            case NOT_EQUAL:
                return v.getValueTypeCase() != Value.ValueTypeCase.NULL_VALUE && Values.compare(v, operand) != 0;
            case LESS_THAN:
                return Values.typeOrder(v) == Values.typeOrder(operand) && Values.compare(v, operand) < 0;
            case LESS_THAN_OR_EQUAL:
                return Values.typeOrder(v) == Values.typeOrder(operand) && Values.compare(v, operand) <= 0;
            case GREATER_THAN:
                return Values.typeOrder(v) == Values.typeOrder(operand) && Values.compare(v, operand) > 0;
            case GREATER_THAN_OR_EQUAL:
                return Values.typeOrder(v) == Values.typeOrder(operand) && Values.compare(v, operand) >= 0;
            case IN:
                requireArray(ff);
                return Values.contains(operand.getArrayValue(), v);
            case NOT_IN:
                requireArray(ff);
                if (Values.contains(operand.getArrayValue(), Values.NULL_VALUE)) {
                    return false;
                }
                return v.getValueTypeCase() != Value.ValueTypeCase.NULL_VALUE && !Values.contains(operand.getArrayValue(), v);
            case ARRAY_CONTAINS:
                return v.getValueTypeCase() == Value.ValueTypeCase.ARRAY_VALUE && Values.contains(v.getArrayValue(), operand);
            case ARRAY_CONTAINS_ANY:
                requireArray(ff);
                if (v.getValueTypeCase() != Value.ValueTypeCase.ARRAY_VALUE) {
                    return false;
                }
                for (Value e : v.getArrayValue().getValuesList()) {
                    if (Values.contains(operand.getArrayValue(), e)) {
                        return true;
                    }
                }
                return false;
            default:
                throw EmulatorException.invalid("field filter operator " + ff.getOp() + " is not supported");
        }
    }

    private static void requireArray(FieldFilter ff) {
        if (ff.getValue().getValueTypeCase() != Value.ValueTypeCase.ARRAY_VALUE) {
            throw EmulatorException.invalid(ff.getOp() + " filter on " + ff.getField().getFieldPath()
                    + " requires an array value");
        }
    }
}
