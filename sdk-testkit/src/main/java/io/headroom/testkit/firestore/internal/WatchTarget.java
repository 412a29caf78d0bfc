package io.headroom.testkit.firestore.internal;

import com.google.firestore.v1.Document;
import com.google.firestore.v1.StructuredQuery;
import com.google.firestore.v1.Target;
import com.google.protobuf.Timestamp;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One target of a {@link ListenStream}: what it watches (a query or a set of documents) and the view the client
 * has been sent (document name to update time). Guarded by the database lock.
 */
final class WatchTarget {

    final ListenStream stream;
    final int id;
    final Target target;
    final @Nullable String parent;
    final @Nullable StructuredQuery query;
    final Set<String> documents;
    // what the client holds: document name -> update time of the version it was sent
    Map<String, Timestamp> view = new HashMap<>();

    WatchTarget(ListenStream stream, int id, Target target) {
        this.stream = stream;
        this.id = id;
        this.target = target;
        if (target.hasQuery()) {
            this.parent = target.getQuery().getParent();
            this.query = target.getQuery().getStructuredQuery();
            this.documents = Set.of();
        } else {
            this.parent = null;
            this.query = null;
            this.documents = new HashSet<>(target.getDocuments().getDocumentsList());
        }
    }

    /**
     * Whether a write to this document can change the target's result.
     *
     * @param doc a document name
     * @return whether it is in scope
     */
    boolean inScope(String doc) {
        if (query == null) {
            return documents.contains(doc);
        }
        String coll = doc.substring(0, doc.lastIndexOf('/'));
        StructuredQuery.CollectionSelector sel = query.getFrom(0);
        String id = coll.substring(coll.lastIndexOf('/') + 1);
        if (!sel.getAllDescendants()) {
            return coll.equals(parent + "/" + sel.getCollectionId());
        }
        return coll.startsWith(parent + "/") && (sel.getCollectionId().isEmpty() || id.equals(sel.getCollectionId()));
    }

    /** Whether any of the written documents is in scope. */
    boolean touchedBy(Iterable<String> docs) {
        for (String d : docs) {
            if (inScope(d)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a document that left the result still matches the query's filters (so it left because of the
     * limit).
     */
    boolean stillMatches(Document d) {
        return query != null && QueryEngine.matchesQuery(query, d);
    }

    /** The view as a document list's names and update times. */
    static Map<String, Timestamp> viewOf(List<Document> docs) {
        Map<String, Timestamp> v = new HashMap<>();
        for (Document d : docs) {
            v.put(d.getName(), d.getUpdateTime());
        }
        return v;
    }
}
