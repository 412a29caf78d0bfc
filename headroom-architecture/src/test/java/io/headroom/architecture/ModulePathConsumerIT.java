package io.headroom.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * Compiles and runs a small consumer on the module path, against the reactor's jars: Headroom's modules resolve
 * as named modules, their exported API works, and their internals are sealed (a module importing
 * {@code io.headroom.internal} does not compile; reflection cannot reach it).
 */
class ModulePathConsumerIT {

    private static final Path SOURCES = Path.of(System.getProperty("headroom.consumerSources", "src/it/consumer"));
    private static final Path WORK = Path.of(System.getProperty("headroom.work", "target/consumer"));

    private static String modulePath() throws IOException {
        Path file = Path.of(System.getProperty("headroom.modulePath", "target/module-path.txt"));
        String path = Files.readString(file, StandardCharsets.UTF_8).trim();
        assertThat(path).as("module path from %s", file).contains("sdk-core");
        return path;
    }

    private static Result compile(String module) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        Path out = WORK.resolve(module);
        Files.createDirectories(out);
        List<Path> sources;
        try (Stream<Path> s = Files.walk(SOURCES.resolve(module))) {
            sources = s.filter(p -> p.toString().endsWith(".java")).collect(Collectors.toList());
        }
        StringWriter diagnostics = new StringWriter();
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
            // nothing from the test JVM's class path: otherwise javac may find io.headroom.internal there too (in
            // the unnamed module) and, depending on its lookup order, name that instead of the module's export rule
            files.setLocation(javax.tools.StandardLocation.CLASS_PATH, List.of());
            List<String> options = List.of("--release", "17", "--module-path", modulePath(), "-d", out.toString(),
                    "-Xlint:all", "-Werror");
            boolean ok = javac.getTask(diagnostics, files, null, options, null,
                    files.getJavaFileObjectsFromPaths(sources)).call();
            return new Result(ok, diagnostics.toString(), out);
        }
    }

    private record Result(boolean ok, String diagnostics, Path classes) {
    }

    @Test
    void aConsumerCompilesAndRunsOnTheModulePath() throws Exception {
        Result compiled = compile("ok");
        assertThat(compiled.ok()).as(compiled.diagnostics()).isTrue();

        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--module-path", compiled.classes() + java.io.File.pathSeparator + modulePath(),
                "-m", "io.headroom.consumer/io.headroom.consumer.Main"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output;
        try (var in = p.getInputStream()) {
            boolean done = p.waitFor(60, TimeUnit.SECONDS);
            if (!done) {
                p.destroyForcibly();
            }
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(done).as("consumer finished within 60 s: %s", output).isTrue();
        }
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).contains("limiter: true true false", "counter: 5", "redis: io.headroom.redis reads lettuce.core", "internal: sealed",
                "module path consumer: OK");
    }

    @Test
    void aModuleThatImportsHeadroomInternalsDoesNotCompile() throws Exception {
        Result compiled = compile("sneaky");
        assertThat(compiled.ok()).isFalse();
        assertThat(compiled.diagnostics()).contains("package io.headroom.internal is not visible")
                .contains("does not export it");
    }
}
