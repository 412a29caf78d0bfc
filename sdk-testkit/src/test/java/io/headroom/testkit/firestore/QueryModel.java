package io.headroom.testkit.firestore;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * A deliberately simple reference model of Firestore queries over plain Java values (null, Boolean, Long, Double,
 * String, List, Map), written independently of the emulator: filter a list, sort it with Firestore's value
 * order, apply cursors, offset and limits.
 */
final class QueryModel {

    private QueryModel() {
    }

    /** Marks an absent field. */
    static final Object ABSENT = new Object() {
        @Override
        public String toString() {
            return "<absent>";
        }
    };

    enum Op { EQ, NE, LT, LE, GT, GE, IN, NOT_IN, ARRAY_CONTAINS, ARRAY_CONTAINS_ANY }

    sealed interface Filter permits FieldFilter, And, Or {
    }

    record FieldFilter(String field, Op op, @Nullable Object value) implements Filter {
    }

    record And(List<Filter> filters) implements Filter {
    }

    record Or(List<Filter> filters) implements Filter {
    }

    record Order(String field, boolean descending) {
    }

    record Cursor(List<Object> values, boolean before) {
    }

    record Spec(@Nullable Filter filter, List<Order> orders, @Nullable Cursor start, @Nullable Cursor end,
            @Nullable Integer limit, int offset, boolean limitToLast) {
    }

    record Doc(String id, Map<String, Object> fields) {
        Object get(String field) {
            if (field.equals("__name__")) {
                return id;
            }
            Object cur = fields;
            for (String seg : field.split("\\.")) {
                if (!(cur instanceof Map<?, ?> m) || !m.containsKey(seg)) {
                    return ABSENT;
                }
                cur = m.get(seg);
            }
            return cur;
        }
    }

    static int rank(@Nullable Object v) {
        if (v == null) {
            return 0;
        }
        if (v instanceof Boolean) {
            return 1;
        }
        if (v instanceof Long || v instanceof Double) {
            return 2;
        }
        if (v instanceof String) {
            return 4;
        }
        if (v instanceof List) {
            return 8;
        }
        if (v instanceof Map) {
            return 10;
        }
        throw new IllegalArgumentException("unsupported " + v.getClass());
    }

    static int compare(@Nullable Object a, @Nullable Object b) {
        int ra = rank(a);
        int rb = rank(b);
        if (ra != rb) {
            return Integer.compare(ra, rb);
        }
        switch (ra) {
            case 0:
                return 0;
            case 1:
                return Boolean.compare((Boolean) a, (Boolean) b);
            case 2: {
                boolean an = a instanceof Double d && d.isNaN();
                boolean bn = b instanceof Double d && d.isNaN();
                if (an || bn) {
                    return an == bn ? 0 : an ? -1 : 1;
                }
                boolean ainf = a instanceof Double d && d.isInfinite();
                boolean binf = b instanceof Double d && d.isInfinite();
                if (ainf || binf) {
                    return Double.compare(((Number) a).doubleValue() + 0.0, ((Number) b).doubleValue() + 0.0);
                }
                return big(a).compareTo(big(b));
            }
            case 4:
                return ((String) a).compareTo((String) b); // ASCII only in the generators
            case 8: {
                List<?> la = (List<?>) a;
                List<?> lb = (List<?>) b;
                for (int i = 0; i < Math.min(la.size(), lb.size()); i++) {
                    int c = compare(la.get(i), lb.get(i));
                    if (c != 0) {
                        return c;
                    }
                }
                return Integer.compare(la.size(), lb.size());
            }
            case 10: {
                List<String> ka = sortedKeys((Map<?, ?>) a);
                List<String> kb = sortedKeys((Map<?, ?>) b);
                for (int i = 0; i < Math.min(ka.size(), kb.size()); i++) {
                    int c = ka.get(i).compareTo(kb.get(i));
                    if (c != 0) {
                        return c;
                    }
                    c = compare(((Map<?, ?>) a).get(ka.get(i)), ((Map<?, ?>) b).get(kb.get(i)));
                    if (c != 0) {
                        return c;
                    }
                }
                return Integer.compare(ka.size(), kb.size());
            }
            default:
                throw new AssertionError();
        }
    }

    private static BigDecimal big(Object n) {
        return n instanceof Long l ? BigDecimal.valueOf(l) : new BigDecimal((Double) n);
    }

    private static boolean eq(Object a, Object b) {
        return rank(a) == rank(b) && compare(a, b) == 0;
    }

    static boolean matches(Filter f, Doc d) {
        if (f instanceof And and) {
            return and.filters().stream().allMatch(x -> matches(x, d));
        }
        if (f instanceof Or or) {
            return or.filters().stream().anyMatch(x -> matches(x, d));
        }
        FieldFilter ff = (FieldFilter) f;
        Object v = d.get(ff.field());
        if (v == ABSENT) {
            return false;
        }
        Object o = ff.value();
        switch (ff.op()) {
            case EQ: return eq(v, o);
            case NE: return v != null && !eq(v, o);
            case LT: return rank(v) == rank(o) && compare(v, o) < 0;
            case LE: return rank(v) == rank(o) && compare(v, o) <= 0;
            case GT: return rank(v) == rank(o) && compare(v, o) > 0;
            case GE: return rank(v) == rank(o) && compare(v, o) >= 0;
            case IN: return ((List<?>) o).stream().anyMatch(x -> eq(v, x));
            case NOT_IN: return v != null && ((List<?>) o).stream().noneMatch(x -> eq(v, x));
            case ARRAY_CONTAINS: return v instanceof List<?> l && l.stream().anyMatch(x -> eq(x, o));
            case ARRAY_CONTAINS_ANY:
                return v instanceof List<?> l && l.stream().anyMatch(x -> ((List<?>) o).stream().anyMatch(y -> eq(x, y)));
            default: throw new AssertionError();
        }
    }

    private static void inequalityFields(@Nullable Filter f, TreeSet<String> out) {
        if (f == null) {
            return;
        }
        if (f instanceof And and) {
            and.filters().forEach(x -> inequalityFields(x, out));
        } else if (f instanceof Or or) {
            or.filters().forEach(x -> inequalityFields(x, out));
        } else {
            FieldFilter ff = (FieldFilter) f;
            switch (ff.op()) {
                case NE: case LT: case LE: case GT: case GE: case NOT_IN:
                    out.add(ff.field());
                    break;
                default:
                    break;
            }
        }
    }

    static List<Order> effectiveOrders(Spec s) {
        List<Order> orders = new ArrayList<>(s.orders());
        TreeSet<String> ineq = new TreeSet<>();
        inequalityFields(s.filter(), ineq);
        // implicit orders (inequality fields, then __name__) take the direction of the last explicit order
        boolean lastDescending = !orders.isEmpty() && orders.get(orders.size() - 1).descending();
        for (String f : ineq) {
            if (orders.stream().noneMatch(o -> o.field().equals(f))) {
                orders.add(new Order(f, lastDescending));
            }
        }
        if (orders.stream().noneMatch(o -> o.field().equals("__name__"))) {
            orders.add(new Order("__name__", lastDescending));
        }
        return orders;
    }

    private static int cmpCursor(Doc d, Cursor c, List<Order> orders) {
        for (int i = 0; i < c.values().size(); i++) {
            Order o = orders.get(i);
            int r = compare(d.get(o.field()), c.values().get(i));
            if (r != 0) {
                return o.descending() ? -r : r;
            }
        }
        return 0;
    }

    /** The ids the query returns, in order. */
    static List<String> run(Spec s, List<Doc> docs) {
        List<Order> orders = effectiveOrders(s);
        List<Doc> out = new ArrayList<>();
        for (Doc d : docs) {
            if (s.filter() != null && !matches(s.filter(), d)) {
                continue;
            }
            if (orders.stream().anyMatch(o -> d.get(o.field()) == ABSENT)) {
                continue;
            }
            if (s.start() != null) {
                int c = cmpCursor(d, s.start(), orders);
                if (s.start().before() ? c < 0 : c <= 0) {
                    continue;
                }
            }
            if (s.end() != null) {
                int c = cmpCursor(d, s.end(), orders);
                if (s.end().before() ? c >= 0 : c > 0) {
                    continue;
                }
            }
            out.add(d);
        }
        Comparator<Doc> cmp = (x, y) -> {
            for (Order o : orders) {
                int c = compare(x.get(o.field()), y.get(o.field()));
                if (c != 0) {
                    return o.descending() ? -c : c;
                }
            }
            return 0;
        };
        out.sort(cmp);
        List<String> ids = new ArrayList<>();
        out.forEach(d -> ids.add(d.id()));
        if (s.limitToLast()) {
            int n = Objects.requireNonNull(s.limit());
            return new ArrayList<>(ids.subList(Math.max(0, ids.size() - n), ids.size()));
        }
        int from = Math.min(s.offset(), ids.size());
        int to = s.limit() == null ? ids.size() : Math.min(ids.size(), from + s.limit());
        return new ArrayList<>(ids.subList(from, to));
    }

    private static List<String> sortedKeys(Map<?, ?> map) {
        TreeSet<String> keys = new TreeSet<>();
        for (Object k : map.keySet()) {
            keys.add((String) k);
        }
        return new ArrayList<>(keys);
    }
}
