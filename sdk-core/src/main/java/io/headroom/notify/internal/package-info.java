/**
 * Internal: the embedded notification dispatcher, which durable backends also run as their worker-side pipeline.
 * Exported only to Headroom's backend modules.
 */
package io.headroom.notify.internal;
