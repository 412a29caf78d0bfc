package io.headroom.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Creates and deletes the temporary directories servers run in. Stateless and thread-safe. */
final class TempDirs {

    private TempDirs() {
    }

    /**
     * Creates a fresh, empty directory under {@code java.io.tmpdir}.
     *
     * @param prefix the start of its name
     * @return the directory
     * @throws UncheckedIOException if it cannot be created
     */
    static Path create(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory", e);
        }
    }

    /**
     * Deletes a directory and everything in it, best effort: files that cannot be deleted are left behind
     * without an error, since a leftover temporary file must not fail a test.
     *
     * @param dir the directory; nothing happens if it does not exist
     */
    static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException ignored) {
                    // best effort, see the method comment
                }
            });
        } catch (IOException | UncheckedIOException ignored) {
            // best effort, see the method comment
        }
    }
}
