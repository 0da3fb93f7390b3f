package dev.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.DiagnosticCollector;
import javax.tools.DocumentationTool;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The javadoc of every public type of the published modules builds without a warning: every
 * public type and member documented, every reference resolving, every tag well-formed
 * ({@code -Xdoclint:all}, no diagnostic allowed), as {@code maven-javadoc-plugin} with
 * {@code failOnWarnings} would check, in-process and in seconds. The one diagnostic left alone is
 * javac's note that {@code sun.misc.Signal} is internal API: the JDK has no other signal API.
 */
class JavadocTest {
  /** The modules whose API is published; each new published module adds its source root here. */
  static final List<String> PUBLISHED = List.of("core/src/main/java", "testkit/src/main/java");

  @Test
  void javadocOfThePublishedModulesHasNoWarnings(@TempDir Path out) throws IOException {
    Assumptions.assumeFalse("portable".equals(System.getProperty("jasyncio.backend")),
        "javadoc does not depend on the backend: it runs in the carrier execution only");
    Path root = RepositoryFiles.root();
    List<Path> sources = new ArrayList<>();
    for (String dir : PUBLISHED) {
      try (Stream<Path> s = Files.walk(root.resolve(dir))) {
        // module-info is left out: the packages are documented as the class path sees them
        s.filter(p -> p.toString().endsWith(".java") && !p.endsWith("module-info.java")).sorted()
            .forEach(sources::add);
      }
    }
    DocumentationTool javadoc = ToolProvider.getSystemDocumentationTool();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    StringWriter log = new StringWriter();
    try (StandardJavaFileManager files = javadoc.getStandardFileManager(diagnostics, null, null)) {
      List<String> options = List.of("-Xdoclint:all", "-quiet", "--release", "25",
          "-classpath", System.getProperty("java.class.path"), "-d", out.toString());
      boolean ok = javadoc.getTask(log, files, diagnostics, null, options,
          files.getJavaFileObjectsFromPaths(sources)).call();
      List<String> found = diagnostics.getDiagnostics().stream()
          .filter(d -> d.getKind() != javax.tools.Diagnostic.Kind.NOTE).map(Object::toString)
          .filter(d -> !d.contains("sun.misc.Signal") || !d.contains("internal proprietary API"))
          .toList();
      assertThat(ok).as("javadoc -Xdoclint:all: %s %s", log, found).isTrue();
      assertThat(found).as("javadoc warnings").isEmpty();
    }
  }
}
