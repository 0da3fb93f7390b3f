package dev.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Java example of the README compiles as written, with {@code -Xlint:all -Werror}. The
 * comment before a block says how it is compiled: {@code compile: body} as statements of a
 * method, {@code compile: member} as members of a class, {@code from-scratch: FILE} as that file;
 * the names the examples take for granted ({@code fetch}, {@code url}, ...) are {@link #PRELUDE}.
 */
class ReadmeExamplesTest {
  static final String IMPORTS = """
      import static org.assertj.core.api.Assertions.assertThat;

      import dev.jasyncio.*;
      import dev.jasyncio.http.*;
      import dev.jasyncio.io.*;
      import dev.jasyncio.redis.*;
      import dev.jasyncio.web.*;
      import dev.jasyncio.testkit.*;
      import java.io.IOException;
      import java.nio.file.Path;
      import java.time.Duration;
      import java.util.List;
      import java.util.concurrent.Callable;
      """;

  /** What the examples use without declaring it. */
  static final String PRELUDE = """
        static String a = "a", b = "b", url = "https://example.com";
        static Path path = Path.of("notes.txt");
        static List<Callable<String>> fetches = List.of();
        static String fetch(String url) throws IOException { return url; }
        static String download(String url) throws IOException { return url; }
        static int count(String what) { return what.length(); }
        static void poll() {}
        static final class Bar { void update(long received, long total) {} }
        static Bar bar = new Bar();
        static String doc = "{}";
        static java.util.Set<String> done = new java.util.HashSet<>();
        static void handle(String job) {}
      """;

  @Test
  void everyJavaBlockOfTheReadmeCompilesWithoutWarnings(@TempDir Path out) throws IOException {
    org.junit.jupiter.api.Assumptions.assumeFalse("portable".equals(System.getProperty("jasyncio.backend")),
        "compiling does not depend on the backend: it runs in the carrier execution only");
    List<RepositoryFiles.Block> blocks = RepositoryFiles.blocks(RepositoryFiles.root().resolve("README.md"));
    List<JavaFileObject> sources = new ArrayList<>();
    int n = 0;
    for (RepositoryFiles.Block b : blocks) {
      if (!b.language().equals("java")) {
        continue;
      }
      String marker = String.valueOf(b.marker());
      String name = "Readme" + b.line();
      String source;
      if (marker.equals("compile: body")) {
        source = IMPORTS + "class " + name + " {\n" + PRELUDE + "  static void example() throws Exception {\n"
            + b.code() + "  }\n}\n";
      } else if (marker.equals("compile: member")) {
        source = IMPORTS + "class " + name + " {\n" + PRELUDE + b.code() + "}\n";
      } else if (marker.startsWith("from-scratch: ") && marker.endsWith(".java")) {
        name = Path.of(marker.substring("from-scratch: ".length())).getFileName().toString().replace(".java", "");
        source = b.code();
      } else {
        throw new AssertionError("README.md line " + b.line() + ": a java block needs a comment before it"
            + " saying how it compiles (<!-- compile: body -->, <!-- compile: member -->), not " + b.marker());
      }
      sources.add(source(name, source));
      n++;
    }
    assertThat(n).as("java blocks in the README").isGreaterThanOrEqualTo(8);
    compile(sources, out);
  }

  static JavaFileObject source(String className, String code) {
    return new SimpleJavaFileObject(URI.create("string:///" + className + ".java"), JavaFileObject.Kind.SOURCE) {
      @Override
      public CharSequence getCharContent(boolean ignoreEncodingErrors) {
        return code;
      }
    };
  }

  /** Compiles against this test's class path with the strictest lint; fails with javac's words. */
  static void compile(List<JavaFileObject> sources, Path out) throws IOException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    StringWriter log = new StringWriter();
    try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, null, null)) {
      List<String> options = List.of("-Xlint:all", "-Werror", "-proc:none", "--release", "25",
          "-classpath", System.getProperty("java.class.path"), "-d", Files.createDirectories(out).toString());
      boolean ok = javac.getTask(log, files, diagnostics, options, null, sources).call();
      StringBuilder why = new StringBuilder(log.toString());
      diagnostics.getDiagnostics().forEach(d -> why.append("\n").append(d.getSource() == null ? ""
          : d.getSource().getName() + ":" + d.getLineNumber() + ": ").append(d.getMessage(null)));
      assertThat(ok).as("javac -Xlint:all -Werror on the README's examples:%s", why).isTrue();
      assertThat(diagnostics.getDiagnostics()).as(why.toString()).isEmpty();
    }
  }
}
