package io.headroom.spring.autoconfigure;

import java.net.URI;
import org.jspecify.annotations.Nullable;

/**
 * Firebase Cloud Messaging (headroom.fcm.*): when project-id is set and sdk-fcm is on the class path, a
 * PushProvider bean (FcmPushProvider) sends the dispatchers' notifications, with the application's
 * GoogleCredentials bean or else the application-default credentials.
 *
 * @param projectId the Firebase project id; none: no FcmPushProvider is created
 * @param endpoint the FCM endpoint; unset: the SDK's default (https://fcm.googleapis.com)
 */
public record FcmProperties(@Nullable String projectId, @Nullable URI endpoint) {
}
