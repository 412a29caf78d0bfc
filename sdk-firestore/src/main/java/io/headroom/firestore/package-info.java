/**
 * Firestore backends of Headroom's primitives, on the google-cloud-firestore client.
 */
package io.headroom.firestore;
