package io.headroom.page;

import io.headroom.internal.Arguments;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * The key set that signs and encrypts cursors, with rotation: the <em>current</em> key signs every new cursor;
 * older keys still verify the cursors they signed until they are {@linkplain #retire(String) retired}. Each cursor
 * names its key id in clear, so verification needs no trial.
 *
 * <p>Rotation without breaking live cursors: deploy {@code keys.rotate("k2", secret2)} everywhere (k2 signs, k1
 * still verifies), wait at least the cursor lifetime, then deploy {@code keys.retire("k1")}.
 *
 * <p>From each secret three keys are derived with HMAC-SHA256 (one for the HMAC signature, one AES-128 key for
 * AES-GCM encryption, one for the synthetic GCM nonce), so one key never serves two purposes. Every cursor-holding instance of an application
 * must share the same secrets (from its secret store); {@link #random()} suits tests and single-instance use only,
 * since its cursors die with the process. Immutable and thread-safe.
 */
public final class CursorKeys {

    /** The fewest secret bytes accepted (128 bits); 32 random bytes are recommended. */
    public static final int MIN_SECRET_BYTES = 16;

    /** A derived key pair, with per-thread initialised MACs (Mac.getInstance + init cost more than the MAC). */
    record Key(String id, SecretKeySpec mac, SecretKeySpec aes, ThreadLocal<Mac> signer, ThreadLocal<Mac> siv) {

        Key(String id, SecretKeySpec mac, SecretKeySpec aes, SecretKeySpec siv) {
            this(id, mac, aes, ThreadLocal.withInitial(() -> newMac(mac)), ThreadLocal.withInitial(() -> newMac(siv)));
        }

        private static Mac newMac(SecretKeySpec key) {
            try {
                Mac m = Mac.getInstance("HmacSHA256");
                m.init(new SecretKeySpec(key.getEncoded(), "HmacSHA256"));
                return m;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the JDK lacks HmacSHA256", e);
            }
        }
    }

    private final String currentId;
    private final Map<String, Key> keys;

    private CursorKeys(String currentId, Map<String, Key> keys) {
        this.currentId = currentId;
        this.keys = keys;
    }

    /**
     * A key set with one key.
     *
     * @param id the key id: 1 to 32 characters of {@code [A-Za-z0-9_-]}; it appears in every cursor
     * @param secret at least {@value #MIN_SECRET_BYTES} random bytes (copied)
     * @return the key set
     * @throws IllegalArgumentException when a rule is broken
     */
    public static CursorKeys of(String id, byte[] secret) {
        Map<String, Key> m = new LinkedHashMap<>();
        Key k = derive(id, secret);
        m.put(k.id(), k);
        return new CursorKeys(k.id(), Collections.unmodifiableMap(m));
    }

    /**
     * A key set with one random 32-byte key named {@code "local"}: cursors verify only in this process.
     *
     * @return a new key set
     */
    public static CursorKeys random() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return of("local", secret);
    }

    /**
     * Returns a key set whose current key is the new one; every key of this set still verifies.
     *
     * @param id the new key's id, not used by this set
     * @param secret the new key's secret, at least {@value #MIN_SECRET_BYTES} bytes
     * @return the new key set
     * @throws IllegalArgumentException when a rule is broken
     */
    public CursorKeys rotate(String id, byte[] secret) {
        Key k = derive(id, secret);
        if (keys.containsKey(k.id())) {
            throw new IllegalArgumentException("id '" + id + "' is already in the key set");
        }
        Map<String, Key> m = new LinkedHashMap<>();
        m.put(k.id(), k);
        m.putAll(keys);
        return new CursorKeys(k.id(), Collections.unmodifiableMap(m));
    }

    /**
     * Returns a key set without an older key: cursors it signed are rejected from then on.
     *
     * @param id the id of a key that is not the current one
     * @return the new key set
     * @throws IllegalArgumentException when {@code id} is unknown or the current key
     */
    public CursorKeys retire(String id) {
        Arguments.notNull(id, "id");
        if (id.equals(currentId)) {
            throw new IllegalArgumentException("id '" + id + "' is the current key; rotate before retiring it");
        }
        if (!keys.containsKey(id)) {
            throw new IllegalArgumentException("id '" + id + "' is not in the key set " + keys.keySet());
        }
        Map<String, Key> m = new LinkedHashMap<>(keys);
        m.remove(id);
        return new CursorKeys(currentId, Collections.unmodifiableMap(m));
    }

    /**
     * The id of the key that signs new cursors.
     *
     * @return the current key id
     */
    public String currentId() {
        return currentId;
    }

    /**
     * The ids of every key that verifies, current first.
     *
     * @return an unmodifiable set
     */
    public Set<String> ids() {
        return keys.keySet();
    }

    Key current() {
        return keys.get(currentId);
    }

    @Nullable Key find(String id) {
        return keys.get(id);
    }

    private static Key derive(String id, byte[] secret) {
        Arguments.notNull(id, "id");
        if (id.isEmpty() || id.length() > 32 || !id.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("id must be 1 to 32 characters of [A-Za-z0-9_-], was '" + id + "'");
        }
        Arguments.notNull(secret, "secret");
        if (secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("secret must be at least " + MIN_SECRET_BYTES + " bytes, was "
                    + secret.length);
        }
        try {
            Mac kdf = Mac.getInstance("HmacSHA256");
            kdf.init(new SecretKeySpec(secret.clone(), "HmacSHA256"));
            byte[] mac = kdf.doFinal("headroom-cursor-mac-v1".getBytes(StandardCharsets.US_ASCII));
            byte[] enc = kdf.doFinal("headroom-cursor-aes-v1".getBytes(StandardCharsets.US_ASCII));
            byte[] siv = kdf.doFinal("headroom-cursor-siv-v1".getBytes(StandardCharsets.US_ASCII));
            return new Key(id, new SecretKeySpec(mac, "HmacSHA256"),
                    new SecretKeySpec(java.util.Arrays.copyOf(enc, 16), "AES"), new SecretKeySpec(siv, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks HmacSHA256", e);
        }
    }

    @Override
    public String toString() {
        return "CursorKeys[current=" + currentId + ", verify=" + keys.keySet() + "]"; // never the secrets
    }
}
