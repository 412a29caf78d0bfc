package io.headroom.redis;

import io.headroom.notify.Notification;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@link Notification} as the field/value pairs of a stream entry, and back. Data entries are fields
 * {@code d:<key>}; the other fields have one-letter names. Decoding validates again (the record's constructor), so
 * a tampered entry fails as {@link IllegalArgumentException}.
 */
final class NotificationFields {

    static final String DATA = "d:";

    private NotificationFields() {
    }

    static Map<String, String> encode(Notification n) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("t", n.token());
        if (n.collapseKey() != null) {
            f.put("k", n.collapseKey());
        }
        f.put("h", n.title());
        f.put("b", n.body());
        f.put("p", n.priority().name());
        f.put("l", Long.toString(n.ttl().toMillis()));
        f.put("c", Integer.toString(n.collapsedCount()));
        if (n.dedupId() != null) {
            f.put("u", n.dedupId());
        }
        n.data().forEach((k, v) -> f.put(DATA + k, v));
        return f;
    }

    static Notification decode(Map<String, String> f) {
        Map<String, String> data = new LinkedHashMap<>();
        f.forEach((k, v) -> {
            if (k.startsWith(DATA)) {
                data.put(k.substring(DATA.length()), v);
            }
        });
        return new Notification(f.get("t"), f.get("k"), f.getOrDefault("h", ""), f.getOrDefault("b", ""), data,
                Notification.Priority.valueOf(f.getOrDefault("p", "HIGH")),
                Duration.ofMillis(Long.parseLong(f.getOrDefault("l", "0"))),
                Integer.parseInt(f.getOrDefault("c", "1")), f.get("u"));
    }

    /** The fields as a flat argument list after {@code head}, for scripts. */
    static String[] args(Map<String, String> fields, String... head) {
        String[] out = new String[head.length + fields.size() * 2];
        System.arraycopy(head, 0, out, 0, head.length);
        int i = head.length;
        for (Map.Entry<String, String> e : fields.entrySet()) {
            out[i++] = e.getKey();
            out[i++] = e.getValue();
        }
        return out;
    }
}
