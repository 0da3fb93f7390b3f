package dev.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "Use jasyncio in your project", done as a newcomer does it: the {@code pom.xml} and
 * {@code Main.java} taken from the README into an empty directory, built by Maven against an
 * installed jasyncio-core, and run with and without the carrier backend's JVM flag.
 *
 * <p>The install goes to a private repository laid out as {@code ./jasyncio install} lays out the
 * local one (the shared one is left alone); Maven's own plugins come from the machine's local
 * repository, through a {@code file:} mirror, so the build needs no network.
 */
class FromScratchProjectTest {
  static final String OPENS = "--add-opens=java.base/java.lang=ALL-UNNAMED";

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES) // a safety net; the build takes seconds
  void theReadmesProjectBuildsAgainstTheInstalledJarsAndRuns(@TempDir Path tmp) throws Exception {
    // One run covers both backends (it runs Main with and without the flag): not again per execution.
    org.junit.jupiter.api.Assumptions.assumeFalse("portable".equals(System.getProperty("jasyncio.backend")),
        "runs in the carrier execution; it exercises both backends itself");
    Path root = RepositoryFiles.root();
    String version = projectVersion(root);
    Path repo = tmp.resolve("repository");
    Path coreJar = install(root, repo, version);

    Path project = Files.createDirectories(tmp.resolve("hello-jasyncio"));
    int files = 0;
    for (RepositoryFiles.Block b : RepositoryFiles.blocks(root.resolve("README.md"))) {
      if (b.marker() != null && b.marker().startsWith("from-scratch: ")) {
        Path f = project.resolve(b.marker().substring("from-scratch: ".length()));
        Files.createDirectories(f.getParent());
        Files.writeString(f, b.code());
        files++;
      }
    }
    assertThat(files).as("README blocks marked from-scratch").isEqualTo(2);

    Path settings = Files.writeString(tmp.resolve("settings.xml"), """
        <settings>
          <mirrors>
            <mirror><id>this-machine</id><mirrorOf>*</mirrorOf><url>%s</url></mirror>
          </mirrors>
        </settings>
        """.formatted(Path.of(System.getProperty("user.home"), ".m2", "repository").toUri()));
    Result build = run(project, List.of("mvn", "-B", "-q", "-s", settings.toString(),
        "-Dmaven.repo.local=" + repo, "compile"));
    assertThat(build.code()).as("mvn compile of the README's project:\n%s", build.output()).isZero();

    String cp = project.resolve("target/classes") + java.io.File.pathSeparator + coreJar;
    Result carrier = run(project, List.of(java(), OPENS, "-cp", cp, "Main"));
    assertThat(carrier.output()).as("exit %s", carrier.code()).isEqualTo("hello jasyncio on CARRIER\n");
    Result portable = run(project, List.of(java(), "-cp", cp, "Main"));
    // Without the flag the loop falls back to portable and says once why, naming the flag.
    assertThat(portable.output()).as("exit %s", portable.code())
        .contains("--add-opens java.base/java.lang=ALL-UNNAMED")
        .endsWith("hello jasyncio on PORTABLE\n");
  }

  /** Lays out the parent pom and the core jar in {@code repo} as {@code mvn install} does. */
  static Path install(Path root, Path repo, String version) throws IOException {
    Path parentDir = Files.createDirectories(repo.resolve("dev/jasyncio/jasyncio-parent/" + version));
    Files.copy(root.resolve("pom.xml"), parentDir.resolve("jasyncio-parent-" + version + ".pom"));
    Path coreDir = Files.createDirectories(repo.resolve("dev/jasyncio/jasyncio-core/" + version));
    Files.copy(root.resolve("core/pom.xml"), coreDir.resolve("jasyncio-core-" + version + ".pom"));
    Path jar = coreDir.resolve("jasyncio-core-" + version + ".jar");
    Path built;
    try {
      built = Path.of(Async.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IOException(e);
    }
    if (Files.isRegularFile(built)) {
      Files.copy(built, jar, StandardCopyOption.REPLACE_EXISTING); // the packaged jar (mvn verify)
    } else {
      jarUp(built, jar); // classes only (mvn test): the same content
    }
    return jar;
  }

  private static void jarUp(Path classes, Path jar) throws IOException {
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out);
        Stream<Path> all = Files.walk(classes)) {
      for (Path p : all.filter(Files::isRegularFile).sorted().toList()) {
        j.putNextEntry(new java.util.jar.JarEntry(classes.relativize(p).toString().replace('\\', '/')));
        Files.copy(p, j);
        j.closeEntry();
      }
    }
  }

  static String projectVersion(Path root) throws IOException {
    Matcher m = Pattern.compile("<artifactId>jasyncio-parent</artifactId>\\s*<version>([^<]+)</version>")
        .matcher(Files.readString(root.resolve("pom.xml")));
    assertThat(m.find()).as("the parent pom's version").isTrue();
    return m.group(1);
  }

  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  record Result(int code, String output) {}

  static Result run(Path dir, List<String> command) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command)).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().put("MAVEN_OPTS", "--sun-misc-unsafe-memory-access=allow");
    Process p = pb.start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Result(p.waitFor(), out);
  }
}
