package io.headroom.testkit.firestore.internal;

import com.google.firestore.v1.MapValue;
import com.google.firestore.v1.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A parsed field path ({@code a.b}, {@code `odd.key`.c}) with read, write and delete on document fields.
 *
 * @param segments the path's segments, at least one
 */
public record FieldPath(List<String> segments) {

    /** The special path naming the document's key. */
    public static final String KEY = "__name__";

    /**
     * Parses a field path in the dotted, back-quoted form the API uses.
     *
     * @param path the path
     * @return the parsed path
     * @throws EmulatorException INVALID_ARGUMENT when the path is empty or malformed
     */
    public static FieldPath parse(String path) {
        List<String> segs = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        int i = 0;
        int n = path.length();
        if (n == 0) {
            throw EmulatorException.invalid("field path must not be empty");
        }
        while (i < n) {
            char c = path.charAt(i);
            if (c == '`') {
                i++;
                boolean closed = false;
                while (i < n) {
                    char q = path.charAt(i);
                    if (q == '\\' && i + 1 < n) {
                        cur.append(path.charAt(i + 1));
                        i += 2;
                    } else if (q == '`') {
                        closed = true;
                        i++;
                        break;
                    } else {
                        cur.append(q);
                        i++;
                    }
                }
                if (!closed) {
                    throw EmulatorException.invalid("unterminated back-quote in field path " + path);
                }
            } else if (c == '.') {
                if (cur.length() == 0) {
                    throw EmulatorException.invalid("empty segment in field path " + path);
                }
                segs.add(cur.toString());
                cur.setLength(0);
                i++;
            } else {
                cur.append(c);
                i++;
            }
        }
        if (cur.length() == 0) {
            throw EmulatorException.invalid("empty segment in field path " + path);
        }
        segs.add(cur.toString());
        return new FieldPath(List.copyOf(segs));
    }

    /**
     * Whether this is {@code __name__}.
     *
     * @return whether it names the document key
     */
    public boolean isKey() {
        return segments.size() == 1 && KEY.equals(segments.get(0));
    }

    /**
     * Whether {@code other} is this path or lies below it.
     *
     * @param other a path
     * @return whether this is a prefix of it
     */
    public boolean isPrefixOf(FieldPath other) {
        return other.segments.size() >= segments.size() && other.segments.subList(0, segments.size()).equals(segments);
    }

    /**
     * Reads the value at this path.
     *
     * @param fields the document's fields
     * @return the value, or {@code null} when absent
     */
    public @Nullable Value get(Map<String, Value> fields) {
        Map<String, Value> m = fields;
        for (int i = 0; i < segments.size(); i++) {
            Value v = m.get(segments.get(i));
            if (v == null) {
                return null;
            }
            if (i == segments.size() - 1) {
                return v;
            }
            if (v.getValueTypeCase() != Value.ValueTypeCase.MAP_VALUE) {
                return null;
            }
            m = v.getMapValue().getFieldsMap();
        }
        return null;
    }

    /**
     * Sets the value at this path, creating (or replacing non-map values by) intermediate maps.
     *
     * @param fields the mutable top-level fields
     * @param value the value
     */
    public void set(Map<String, Value> fields, Value value) {
        fields.put(segments.get(0), segments.size() == 1 ? value : setIn(fields.get(segments.get(0)), 1, value));
    }

    private Value setIn(@Nullable Value current, int depth, Value value) {
        MapValue.Builder m = current != null && current.getValueTypeCase() == Value.ValueTypeCase.MAP_VALUE
                ? current.getMapValue().toBuilder() : MapValue.newBuilder();
        String seg = segments.get(depth);
        if (depth == segments.size() - 1) {
            m.putFields(seg, value);
        } else {
            m.putFields(seg, setIn(m.getFieldsMap().get(seg), depth + 1, value));
        }
        return Value.newBuilder().setMapValue(m).build();
    }

    /**
     * Deletes the value at this path, if present.
     *
     * @param fields the mutable top-level fields
     */
    public void delete(Map<String, Value> fields) {
        String first = segments.get(0);
        if (segments.size() == 1) {
            fields.remove(first);
            return;
        }
        Value v = fields.get(first);
        if (v != null && v.getValueTypeCase() == Value.ValueTypeCase.MAP_VALUE) {
            fields.put(first, deleteIn(v, 1));
        }
    }

    private Value deleteIn(Value current, int depth) {
        MapValue.Builder m = current.getMapValue().toBuilder();
        String seg = segments.get(depth);
        if (depth == segments.size() - 1) {
            m.removeFields(seg);
        } else {
            Value child = m.getFieldsMap().get(seg);
            if (child == null || child.getValueTypeCase() != Value.ValueTypeCase.MAP_VALUE) {
                return current;
            }
            m.putFields(seg, deleteIn(child, depth + 1));
        }
        return Value.newBuilder().setMapValue(m).build();
    }

    @Override
    public String toString() {
        return String.join(".", segments);
    }
}
