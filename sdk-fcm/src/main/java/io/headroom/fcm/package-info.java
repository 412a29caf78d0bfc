/**
 * Firebase Cloud Messaging (HTTP v1) {@link io.headroom.spi.PushProvider} on the JDK's HTTP client:
 * {@link io.headroom.fcm.FcmPushProvider} configured by {@link io.headroom.fcm.FcmOptions}.
 */
package io.headroom.fcm;
