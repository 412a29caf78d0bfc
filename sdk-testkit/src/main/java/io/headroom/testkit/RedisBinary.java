package io.headroom.testkit;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Finds the {@code redis-server} executable the test kit runs. The system property {@value #PROPERTY}, else the
 * environment variable {@value #ENV}, chooses:
 * <ul>
 *   <li>{@value #EMBEDDED}: the Linux x86-64 binary (Redis 6.2) shipped inside the
 *       {@code com.github.codemonstur:embedded-redis} jar on the class path, copied once per JVM to a temporary
 *       executable file;</li>
 *   <li>{@value #ON_PATH}: {@code redis-server} in a directory on {@code PATH} (e.g. Debian's 7.0);</li>
 *   <li>anything else: the path of an executable {@code redis-server} file.</li>
 * </ul>
 * Unset, the bundled binary is used where it runs (Linux x86-64), else {@code redis-server} on {@code PATH}: what is
 * installed on the machine does not change which Redis a plain {@code mvn verify} meets. Thread-safe.
 */
final class RedisBinary {

    /** System property naming the {@code redis-server} executable to use. */
    static final String PROPERTY = "headroom.redis.server";
    /** Environment variable naming the {@code redis-server} executable to use. */
    static final String ENV = "HEADROOM_REDIS_SERVER";
    /** The {@value #PROPERTY} value choosing the bundled binary. */
    static final String EMBEDDED = "embedded";
    /** The {@value #PROPERTY} value choosing {@code redis-server} on {@code PATH}. */
    static final String ON_PATH = "path";
    /** The class path resource (embedded-redis 1.4.4) holding redis-server 6.2 for Linux x86-64. */
    static final String RESOURCE = "redis-server-6.2.6-v5-linux-amd64";

    private static @Nullable Path extracted;

    private RedisBinary() {
    }

    /**
     * Returns the executable to run.
     *
     * @return the path of an executable {@code redis-server}
     * @throws IllegalStateException if the override names no executable file, or nothing was found on
     *     {@code PATH} and this OS/architecture has no bundled binary
     * @throws UncheckedIOException if copying the bundled binary fails
     */
    static Path resolve() {
        String override = System.getProperty(PROPERTY);
        String source = "system property " + PROPERTY;
        if (override == null || override.isBlank()) {
            override = System.getenv(ENV);
            source = "environment variable " + ENV;
        }
        if (override != null && override.trim().equals(EMBEDDED)) {
            return bundled();
        }
        if (override != null && override.trim().equals(ON_PATH)) {
            Path onPath = findOnPath();
            if (onPath == null) {
                throw new IllegalStateException(source + " is '" + ON_PATH + "', but no executable redis-server is "
                        + "on PATH");
            }
            return onPath;
        }
        if (override != null && !override.isBlank()) {
            Path path = Path.of(override.trim());
            if (!Files.isRegularFile(path) || !Files.isExecutable(path)) {
                throw new IllegalStateException(source + " must name an executable redis-server file, but '"
                        + override + "' is not one");
            }
            return path;
        }
        if (bundledRunsHere()) {
            return bundled();
        }
        Path onPath = findOnPath();
        return onPath != null ? onPath : bundled(); // bundled() explains what is missing
    }

    private static boolean bundledRunsHere() {
        String os = System.getProperty("os.name", "?").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "?").toLowerCase(Locale.ROOT);
        return os.contains("linux") && (arch.equals("amd64") || arch.equals("x86_64"))
                && RedisBinary.class.getClassLoader().getResource(RESOURCE) != null;
    }

    private static @Nullable Path findOnPath() {
        String pathVariable = System.getenv("PATH");
        if (pathVariable == null) {
            return null;
        }
        for (String dir : pathVariable.split(File.pathSeparator)) {
            if (dir.isBlank()) {
                continue;
            }
            try {
                Path candidate = Path.of(dir, "redis-server");
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return candidate;
                }
            } catch (RuntimeException ignored) {
                // an unparsable PATH entry is skipped, like a shell would
            }
        }
        return null;
    }

    private static synchronized Path bundled() {
        if (extracted != null && Files.isExecutable(extracted)) {
            return extracted;
        }
        String os = System.getProperty("os.name", "?").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "?").toLowerCase(Locale.ROOT);
        if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            throw new IllegalStateException("No redis-server on PATH, and the test kit bundles one only for Linux "
                    + "x86-64 (this is " + os + "/" + arch + "). Install redis-server 6.2+ on PATH, or set -D"
                    + PROPERTY + "=/path/to/redis-server or " + ENV + ".");
        }
        try (InputStream in = RedisBinary.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("No redis-server on PATH, and the class path resource " + RESOURCE
                        + " is missing: put com.github.codemonstur:embedded-redis:1.4.4 on the test class path, "
                        + "install redis-server on PATH, or set -D" + PROPERTY + " / " + ENV + ".");
            }
            Path file = Files.createTempFile("headroom-" + RESOURCE + "-", "");
            file.toFile().deleteOnExit();
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            if (!file.toFile().setExecutable(true, true)) {
                throw new IllegalStateException("cannot make " + file + " executable");
            }
            extracted = file;
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + RESOURCE + " out of the class path", e);
        }
    }
}
