package io.headroom.firestore;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.FirestoreOptions;
import io.grpc.Status;
import io.headroom.page.PageRequest;
import io.headroom.page.Sort;
import io.headroom.page.SortKey;
import io.headroom.testkit.contract.PageItem;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Which composite index a paged query needs, its firestore.indexes.json form, and Firestore's error mapping. */
class FirestoreIndexTest {

    // a client that is never used for I/O: building queries and references is local
    private final Firestore db = FirestoreOptions.newBuilder().setProjectId("p").setEmulatorHost("127.0.0.1:1")
            .build().getService();

    @AfterEach
    void close() throws Exception {
        db.close();
    }

    @Test
    void namesTheCompositeIndexOfEachDeclaredQuery() {
        FirestorePaginator<PageItem> p = FirestorePaginator.builder(db.collection("chats"), PageItem.FIELDS,
                d -> null).build();
        PageRequest single = PageRequest.of(Sort.by(SortKey.desc("score")));
        PageRequest filtered = PageRequest.builder(Sort.by(SortKey.desc("score"))).filter("group", "a").build();
        PageRequest twoKeys = PageRequest.of(Sort.by(SortKey.asc("score"), SortKey.desc("group")));

        assertThat(p.requiredIndex(single)).isEmpty();
        assertThat(p.requiredIndex(filtered)).hasValueSatisfying(i -> assertThat(i.toString())
                .isEqualTo("chats (group ASCENDING, score DESCENDING)"));
        assertThat(p.indexesJson(List.of(single, filtered, twoKeys, filtered))).isEqualTo("{\n"
                + "  \"indexes\": [\n"
                + "    {\"collectionGroup\": \"chats\", \"queryScope\": \"COLLECTION\", \"fields\": ["
                + "{\"fieldPath\": \"group\", \"order\": \"ASCENDING\"}, "
                + "{\"fieldPath\": \"score\", \"order\": \"DESCENDING\"}]},\n"
                + "    {\"collectionGroup\": \"chats\", \"queryScope\": \"COLLECTION\", \"fields\": ["
                + "{\"fieldPath\": \"score\", \"order\": \"ASCENDING\"}, "
                + "{\"fieldPath\": \"group\", \"order\": \"DESCENDING\"}]}\n"
                + "  ],\n"
                + "  \"fieldOverrides\": []\n"
                + "}\n");
    }

    @Test
    void recognisesFirestoresMissingIndexError() {
        Exception missing = com.google.cloud.firestore.FirestoreException.forServerRejection(
                Status.FAILED_PRECONDITION, "The query requires an index. You can create it here: https://...");
        assertThat(FirestorePaginator.isMissingIndex(new RuntimeException(missing))).isTrue();
        assertThat(FirestorePaginator.isMissingIndex(com.google.cloud.firestore.FirestoreException
                .forServerRejection(Status.UNAVAILABLE, "down"))).isFalse();
        MissingIndexException e = new MissingIndexException("chats",
                new FirestoreIndex("chats", List.of(new FirestoreIndex.Field("ownerId", "ASCENDING"),
                        new FirestoreIndex.Field("lastMessageAt", "DESCENDING"))), missing);
        assertThat(e).hasMessageContaining("chats (ownerId ASCENDING, lastMessageAt DESCENDING)")
                .hasMessageContaining("\"fieldPath\": \"lastMessageAt\", \"order\": \"DESCENDING\"");
    }
}
