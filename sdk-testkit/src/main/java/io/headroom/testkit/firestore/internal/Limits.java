package io.headroom.testkit.firestore.internal;

import com.google.firestore.v1.Document;
import com.google.firestore.v1.Value;
import java.util.Map;

/**
 * The service's limits the emulator enforces, answered {@code INVALID_ARGUMENT} as the service answers them:
 * reserved ids ({@code __...__}), document size (1 MiB), map nesting depth (20), at most 5 aggregations in one
 * query.
 */
final class Limits {

    /** The largest document the service stores: 1 MiB. */
    static final int MAX_DOCUMENT_BYTES = 1_048_576;
    /** The deepest nesting of maps and arrays in a document. */
    static final int MAX_DEPTH = 20;
    /** The most aggregations one aggregation query may hold. */
    static final int MAX_AGGREGATIONS = 5;

    private Limits() {
    }

    /** Rejects writes to a document whose name has a reserved id ({@code __...__}) in any segment. */
    static void checkWritableName(String doc, String documentsRoot) {
        String rel = doc.substring(documentsRoot.length() + 1);
        for (String seg : rel.split("/", -1)) {
            if (seg.length() >= 4 && seg.startsWith("__") && seg.endsWith("__")) {
                throw EmulatorException.invalid("Resource id \"" + seg + "\" is invalid because it is reserved.");
            }
        }
    }

    /**
     * Rejects a document above the size or depth limit. The size is the stored proto's serialized size, close to
     * (not exactly) the service's storage-size formula.
     */
    static void checkDocument(Document d) {
        int size = d.getSerializedSize();
        if (size > MAX_DOCUMENT_BYTES) {
            throw EmulatorException.invalid("Document '" + d.getName() + "' cannot be written because its size ("
                    + size + " bytes) exceeds the maximum allowed size of " + MAX_DOCUMENT_BYTES + " bytes.");
        }
        for (Value v : d.getFieldsMap().values()) {
            if (depth(v) > MAX_DEPTH) {
                throw EmulatorException.invalid("Document '" + d.getName() + "' has a value nested more than "
                        + MAX_DEPTH + " levels deep (maps and arrays), the maximum Firestore allows.");
            }
        }
    }

    private static int depth(Value v) {
        switch (v.getValueTypeCase()) {
            case MAP_VALUE: {
                int max = 0;
                for (Map.Entry<String, Value> e : v.getMapValue().getFieldsMap().entrySet()) {
                    max = Math.max(max, depth(e.getValue()));
                }
                return 1 + max;
            }
            case ARRAY_VALUE: {
                int max = 0;
                for (Value e : v.getArrayValue().getValuesList()) {
                    max = Math.max(max, depth(e));
                }
                return 1 + max;
            }
            default:
                return 0;
        }
    }

    static void checkAggregationCount(int n) {
        if (n > MAX_AGGREGATIONS) {
            throw EmulatorException.invalid("Aggregation queries are limited to " + MAX_AGGREGATIONS
                    + " aggregations; this one has " + n + ".");
        }
    }
}
