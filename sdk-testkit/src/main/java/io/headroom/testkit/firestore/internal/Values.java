package io.headroom.testkit.firestore.internal;

import com.google.firestore.v1.ArrayValue;
import com.google.firestore.v1.MapValue;
import com.google.firestore.v1.Value;
import com.google.protobuf.ByteString;
import com.google.protobuf.NullValue;
import com.google.protobuf.Timestamp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Firestore's value semantics: the cross-type ordering of the production service and the equality used by
 * filters, array transforms and cursors.
 *
 * <p>Type order: null &lt; boolean &lt; number (NaN first, integers and doubles compared numerically) &lt;
 * timestamp &lt; string (UTF-8 byte order) &lt; bytes &lt; reference (segment by segment) &lt; geo point &lt;
 * array &lt; vector &lt; map.
 */
public final class Values {

    /** Orders values the way Firestore orders them in indexes. */
    public static final Comparator<Value> ORDER = Values::compare;

    static final int NULL = 0;
    static final int BOOLEAN = 1;
    static final int NUMBER = 2;
    static final int TIMESTAMP = 3;
    static final int STRING = 4;
    static final int BYTES = 5;
    static final int REFERENCE = 6;
    static final int GEO_POINT = 7;
    static final int ARRAY = 8;
    static final int VECTOR = 9;
    static final int MAP = 10;

    /** The null value. */
    public static final Value NULL_VALUE = Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build();

    private Values() {
    }

    /**
     * The rank of a value's type in Firestore's cross-type order.
     *
     * @param v the value
     * @return the rank
     */
    public static int typeOrder(Value v) {
        switch (v.getValueTypeCase()) {
            case NULL_VALUE: return NULL;
            case BOOLEAN_VALUE: return BOOLEAN;
            case INTEGER_VALUE:
            case DOUBLE_VALUE: return NUMBER;
            case TIMESTAMP_VALUE: return TIMESTAMP;
            case STRING_VALUE: return STRING;
            case BYTES_VALUE: return BYTES;
            case REFERENCE_VALUE: return REFERENCE;
            case GEO_POINT_VALUE: return GEO_POINT;
            case ARRAY_VALUE: return ARRAY;
            case MAP_VALUE: return isVector(v) ? VECTOR : MAP;
            default:
                throw new IllegalArgumentException("value type " + v.getValueTypeCase() + " is not supported");
        }
    }

    static boolean isVector(Value v) {
        Value t = v.getMapValue().getFieldsMap().get("__type__");
        return t != null && "__vector__".equals(t.getStringValue());
    }

    /**
     * Whether the value is a double NaN.
     *
     * @param v the value
     * @return whether it is NaN
     */
    public static boolean isNaN(Value v) {
        return v.getValueTypeCase() == Value.ValueTypeCase.DOUBLE_VALUE && Double.isNaN(v.getDoubleValue());
    }

    /**
     * Whether the value is a number (integer or double).
     *
     * @param v the value
     * @return whether it is numeric
     */
    public static boolean isNumber(Value v) {
        return v.getValueTypeCase() == Value.ValueTypeCase.INTEGER_VALUE
                || v.getValueTypeCase() == Value.ValueTypeCase.DOUBLE_VALUE;
    }

    /**
     * Firestore equality: same type class and equal in the ordering (so {@code 1 == 1.0}, {@code -0.0 == 0.0},
     * and NaN equals NaN).
     *
     * @param a a value
     * @param b a value
     * @return whether they are equal
     */
    public static boolean equal(Value a, Value b) {
        return compare(a, b) == 0;
    }

    /**
     * Compares two values in Firestore's order.
     *
     * @param a a value
     * @param b a value
     * @return negative, zero or positive
     */
    public static int compare(Value a, Value b) {
        int ta = typeOrder(a);
        int tb = typeOrder(b);
        if (ta != tb) {
            return Integer.compare(ta, tb);
        }
        switch (ta) {
            case NULL: return 0;
            case BOOLEAN: return Boolean.compare(a.getBooleanValue(), b.getBooleanValue());
            case NUMBER: return compareNumbers(a, b);
            case TIMESTAMP: return compareTimestamps(a.getTimestampValue(), b.getTimestampValue());
            case STRING: return compareStrings(a.getStringValue(), b.getStringValue());
            case BYTES: return compareBytes(a.getBytesValue(), b.getBytesValue());
            case REFERENCE: return compareReferences(a.getReferenceValue(), b.getReferenceValue());
            case GEO_POINT: {
                int c = compareDoubles(a.getGeoPointValue().getLatitude(), b.getGeoPointValue().getLatitude());
                return c != 0 ? c : compareDoubles(a.getGeoPointValue().getLongitude(), b.getGeoPointValue().getLongitude());
            }
            case ARRAY: return compareArrays(a.getArrayValue(), b.getArrayValue());
            case VECTOR: {
                ArrayValue va = a.getMapValue().getFieldsMap().getOrDefault("value", Value.getDefaultInstance()).getArrayValue();
                ArrayValue vb = b.getMapValue().getFieldsMap().getOrDefault("value", Value.getDefaultInstance()).getArrayValue();
                int c = Integer.compare(va.getValuesCount(), vb.getValuesCount());
                return c != 0 ? c : compareArrays(va, vb);
            }
            case MAP: return compareMaps(a.getMapValue(), b.getMapValue());
            default: throw new AssertionError(ta);
        }
    }

    static int compareNumbers(Value a, Value b) {
        boolean ai = a.getValueTypeCase() == Value.ValueTypeCase.INTEGER_VALUE;
        boolean bi = b.getValueTypeCase() == Value.ValueTypeCase.INTEGER_VALUE;
        if (ai && bi) {
            return Long.compare(a.getIntegerValue(), b.getIntegerValue());
        }
        if (!ai && !bi) {
            return compareDoubles(a.getDoubleValue(), b.getDoubleValue());
        }
        if (ai) {
            return compareLongDouble(a.getIntegerValue(), b.getDoubleValue());
        }
        return -compareLongDouble(b.getIntegerValue(), a.getDoubleValue());
    }

    /** Doubles in Firestore order: NaN first and equal to itself, -0.0 equal to 0.0. */
    static int compareDoubles(double a, double b) {
        if (a < b) {
            return -1;
        }
        if (a > b) {
            return 1;
        }
        if (a == b) {
            return 0;
        }
        boolean an = Double.isNaN(a);
        boolean bn = Double.isNaN(b);
        return an == bn ? 0 : an ? -1 : 1;
    }

    /** Exact comparison of a long with a double (no precision loss above 2^53). */
    static int compareLongDouble(long l, double d) {
        if (Double.isNaN(d)) {
            return 1;
        }
        if (d < -0x1p63) {
            return 1;
        }
        if (d >= 0x1p63) {
            return -1;
        }
        long dl = (long) d; // truncates toward zero; exact for |d| < 2^63
        int c = Long.compare(l, dl);
        if (c != 0) {
            return c;
        }
        double frac = d - dl;
        return frac > 0 ? -1 : frac < 0 ? 1 : 0;
    }

    static int compareTimestamps(Timestamp a, Timestamp b) {
        int c = Long.compare(a.getSeconds(), b.getSeconds());
        return c != 0 ? c : Integer.compare(a.getNanos(), b.getNanos());
    }

    /**
     * Compares strings by Unicode code point, which is the order of their UTF-8 bytes (Firestore's order).
     *
     * @param a a string
     * @param b a string
     * @return negative, zero or positive
     */
    public static int compareStrings(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char ca = a.charAt(i);
            char cb = b.charAt(i);
            if (ca != cb) {
                if (Character.isSurrogate(ca) || Character.isSurrogate(cb)) {
                    return Integer.compare(a.codePointAt(i), b.codePointAt(i));
                }
                return Character.compare(ca, cb);
            }
        }
        return Integer.compare(a.length(), b.length());
    }

    static int compareBytes(ByteString a, ByteString b) {
        return ByteString.unsignedLexicographicalComparator().compare(a, b);
    }

    /**
     * Compares resource names segment by segment.
     *
     * @param a a resource name
     * @param b a resource name
     * @return negative, zero or positive
     */
    public static int compareReferences(String a, String b) {
        String[] sa = a.split("/", -1);
        String[] sb = b.split("/", -1);
        int n = Math.min(sa.length, sb.length);
        for (int i = 0; i < n; i++) {
            int c = compareStrings(sa[i], sb[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(sa.length, sb.length);
    }

    static int compareArrays(ArrayValue a, ArrayValue b) {
        int n = Math.min(a.getValuesCount(), b.getValuesCount());
        for (int i = 0; i < n; i++) {
            int c = compare(a.getValues(i), b.getValues(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.getValuesCount(), b.getValuesCount());
    }

    static int compareMaps(MapValue a, MapValue b) {
        List<Map.Entry<String, Value>> ea = sortedEntries(a);
        List<Map.Entry<String, Value>> eb = sortedEntries(b);
        int n = Math.min(ea.size(), eb.size());
        for (int i = 0; i < n; i++) {
            int c = compareStrings(ea.get(i).getKey(), eb.get(i).getKey());
            if (c != 0) {
                return c;
            }
            c = compare(ea.get(i).getValue(), eb.get(i).getValue());
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(ea.size(), eb.size());
    }

    private static List<Map.Entry<String, Value>> sortedEntries(MapValue m) {
        List<Map.Entry<String, Value>> entries = new ArrayList<>(m.getFieldsMap().entrySet());
        entries.sort((x, y) -> compareStrings(x.getKey(), y.getKey()));
        return entries;
    }

    /**
     * Whether an array value holds an element equal to {@code v}.
     *
     * @param array the array
     * @param v the value looked for
     * @return whether it is there
     */
    public static boolean contains(ArrayValue array, Value v) {
        for (Value e : array.getValuesList()) {
            if (equal(e, v)) {
                return true;
            }
        }
        return false;
    }

    /**
     * An integer value.
     *
     * @param v the number
     * @return the value
     */
    public static Value of(long v) {
        return Value.newBuilder().setIntegerValue(v).build();
    }

    /**
     * A double value.
     *
     * @param v the number
     * @return the value
     */
    public static Value of(double v) {
        return Value.newBuilder().setDoubleValue(v).build();
    }

    /**
     * A reference value.
     *
     * @param name the resource name
     * @return the value
     */
    public static Value reference(String name) {
        return Value.newBuilder().setReferenceValue(name).build();
    }
}
