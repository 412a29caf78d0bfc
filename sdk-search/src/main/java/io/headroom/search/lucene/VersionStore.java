package io.headroom.search.lucene;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.jspecify.annotations.Nullable;

/**
 * Where the versions of an index live: in memory, or on disk as sub-directories {@code v<n>} of the index directory
 * with a file {@code LIVE} naming the live one (replaced atomically by a rename at each switch). Not thread-safe:
 * used on the index's write thread (and its constructor).
 */
final class VersionStore {

    private static final String LIVE = "LIVE";
    private final @Nullable Path root;
    private final AtomicLong next = new AtomicLong(1);

    private VersionStore(@Nullable Path root) {
        this.root = root;
    }

    static VersionStore inMemory() {
        return new VersionStore(null);
    }

    static VersionStore onDisk(Path root) throws IOException {
        Files.createDirectories(root);
        VersionStore s = new VersionStore(root);
        try (Stream<Path> dirs = Files.list(root)) {
            dirs.map(p -> p.getFileName().toString()).filter(n -> n.matches("v[0-9]{1,18}"))
                    .mapToLong(n -> Long.parseLong(n.substring(1))).max()
                    .ifPresent(max -> s.next.set(max + 1));
        }
        return s;
    }

    boolean onDisk() {
        return root != null;
    }

    String newName() {
        return "v" + next.getAndIncrement();
    }

    /** The live version recorded on disk, or {@code null} (in memory, or a new directory). */
    @Nullable String readLive() throws IOException {
        if (root == null || !Files.exists(root.resolve(LIVE))) {
            return null;
        }
        return Files.readString(root.resolve(LIVE), StandardCharsets.UTF_8).trim();
    }

    void writeLive(String version) throws IOException {
        if (root == null) {
            return;
        }
        Path tmp = root.resolve(LIVE + ".tmp");
        Files.writeString(tmp, version, StandardCharsets.UTF_8);
        try {
            Files.move(tmp, root.resolve(LIVE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, root.resolve(LIVE), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    Directory open(String version) throws IOException {
        return root == null ? new ByteBuffersDirectory() : FSDirectory.open(root.resolve(version));
    }

    /** Deletes the files of a closed version (on disk); best effort. */
    void delete(String version) {
        if (root == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(root.resolve(version))) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover directory is removed at the next open
        }
    }

    /** Deletes every version directory but the live one (the remains of a reindex cut short). */
    void deleteAllBut(String live) throws IOException {
        if (root == null) {
            return;
        }
        try (Stream<Path> dirs = Files.list(root)) {
            dirs.map(p -> p.getFileName().toString()).filter(n -> n.matches("v[0-9]{1,18}") && !n.equals(live))
                    .forEach(this::delete);
        }
    }
}
