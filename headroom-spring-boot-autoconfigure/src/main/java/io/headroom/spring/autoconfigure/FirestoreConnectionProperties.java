package io.headroom.spring.autoconfigure;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The Firestore client (headroom.firestore.*). Headroom builds a client when project-id is set
 * (with Application Default Credentials, or the emulator at emulator-host), or uses a Firestore bean
 * the application defines.
 *
 * @param projectId the Google Cloud project id; unset means no Firestore unless a Firestore bean exists
 * @param emulatorHost host:port of a Firestore emulator; unset for the real service
 * @param collectionPrefix the prefix of every collection Headroom writes; unset: FirestoreSettings' default
 *     ("headroom_")
 * @param timeout the timeout of every Headroom call to Firestore; unset: FirestoreSettings' default
 */
public record FirestoreConnectionProperties(
        @Nullable String projectId,
        @Nullable String emulatorHost,
        @Nullable String collectionPrefix,
        @Nullable Duration timeout) {
}
