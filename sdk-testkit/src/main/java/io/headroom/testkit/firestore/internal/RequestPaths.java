package io.headroom.testkit.firestore.internal;

import com.google.firestore.v1.StructuredQuery;
import com.google.firestore.v1.Target;
import com.google.firestore.v1.Write;
import java.util.ArrayList;
import java.util.List;

/** The document and collection paths a request names, relative to the documents root, for fault matching. */
final class RequestPaths {

    private RequestPaths() {
    }

    static String relative(String name) {
        int i = name.indexOf("/documents/");
        if (i >= 0) {
            return name.substring(i + "/documents/".length());
        }
        return "";
    }

    static List<String> writes(List<Write> writes) {
        List<String> out = new ArrayList<>(writes.size());
        for (Write w : writes) {
            switch (w.getOperationCase()) {
                case UPDATE -> out.add(relative(w.getUpdate().getName()));
                case DELETE -> out.add(relative(w.getDelete()));
                case TRANSFORM -> out.add(relative(w.getTransform().getDocument()));
                default -> { }
            }
        }
        return out;
    }

    static List<String> documents(List<String> names) {
        List<String> out = new ArrayList<>(names.size());
        for (String n : names) {
            out.add(relative(n));
        }
        return out;
    }

    static List<String> query(String parent, StructuredQuery q) {
        List<String> out = new ArrayList<>(1);
        String p = relative(parent);
        for (StructuredQuery.CollectionSelector sel : q.getFromList()) {
            out.add(p.isEmpty() ? sel.getCollectionId() : p + "/" + sel.getCollectionId());
        }
        return out;
    }

    static List<String> collection(String parent, String collectionId) {
        String p = relative(parent);
        return List.of(p.isEmpty() ? collectionId : p + "/" + collectionId);
    }

    static List<String> target(Target t) {
        if (t.hasQuery()) {
            return query(t.getQuery().getParent(), t.getQuery().getStructuredQuery());
        }
        return documents(t.getDocuments().getDocumentsList());
    }
}
