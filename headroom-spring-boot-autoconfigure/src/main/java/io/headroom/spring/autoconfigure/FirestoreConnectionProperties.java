package io.headroom.spring.autoconfigure;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The Firestore client ({@code headroom.firestore.*}). Headroom builds a client when {@code project-id} is set
 * (with Application Default Credentials, or the emulator at {@code emulator-host}), or uses a {@code Firestore} bean
 * the application defines.
 *
 * @param projectId the Google Cloud project id; unset means no Firestore unless a {@code Firestore} bean exists
 * @param emulatorHost {@code host:port} of a Firestore emulator; unset for the real service
 * @param collectionPrefix the prefix of every collection Headroom writes; unset: {@code FirestoreSettings}' default
 *     ({@code "headroom_"})
 * @param timeout the timeout of every Headroom call to Firestore; unset: {@code FirestoreSettings}' default
 */
public record FirestoreConnectionProperties(
        @Nullable String projectId,
        @Nullable String emulatorHost,
        @Nullable String collectionPrefix,
        @Nullable Duration timeout) {
}
