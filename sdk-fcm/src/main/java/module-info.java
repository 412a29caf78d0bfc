/**
 * Headroom's push provider for Firebase Cloud Messaging (HTTP v1, on the JDK's HTTP client). Exports
 * {@code io.headroom.fcm}.
 */
module io.headroom.fcm {
    requires transitive io.headroom.core;
    requires transitive java.net.http; // FcmPushProvider.create takes the caller's HttpClient
    requires com.fasterxml.jackson.databind;
    // GoogleAccessTokens takes and returns google-auth's GoogleCredentials (automatic module, stable name)
    requires transitive com.google.auth.oauth2;
    requires com.google.auth;

    exports io.headroom.fcm;
}
