package dev.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README and the design documents name only files that exist: every path in backticks or in a
 * link ({@code core/src/...}, {@code docs/ARCHITECTURE.md}) exists from the repository root, and
 * every file name in backticks ({@code Scheduler.java}) exists somewhere in the repository.
 */
class DocsTest {
  static final Set<String> TOP = Set.of("core", "testkit", "tests", "examples", "bench", "docs", ".ci");
  static final Pattern CODE = Pattern.compile("`([^`\\s]+)`|\\]\\(([^)\\s#]+)");
  static final Pattern FILE_NAME = Pattern.compile("[\\w$.-]+\\.(java|md|xml|py|go|properties)");

  @Test
  void theDocumentsNameOnlyFilesThatExist() throws IOException {
    Path root = RepositoryFiles.root();
    List<Path> docs = new ArrayList<>(List.of(root.resolve("README.md")));
    try (Stream<Path> s = Files.list(root.resolve("docs"))) {
      s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
    }
    assertThat(docs).extracting(p -> root.relativize(p).toString())
        .contains("docs/ARCHITECTURE.md", "docs/asyncio-differences.md");
    Set<String> names = new TreeSet<>();
    try (Stream<Path> all = Files.walk(root)) {
      all.filter(p -> !p.toString().contains("/target/") && !p.toString().contains("/.git/"))
          .forEach(p -> names.add(p.getFileName().toString()));
    }
    List<String> missing = new ArrayList<>();
    int checked = 0;
    for (Path doc : docs) {
      Matcher m = CODE.matcher(Files.readString(doc));
      while (m.find()) {
        String token = m.group(1) != null ? m.group(1) : m.group(2);
        String where = root.relativize(doc) + ": " + token;
        if (token.startsWith("http:") || token.startsWith("https:")) {
          continue;
        }
        String path = token.replaceAll("[.,;:)]+$", "");
        Path resolved = doc.getParent().resolve(path).normalize();
        int slash = path.indexOf('/');
        if (slash > 0 && TOP.contains(path.substring(0, slash))) {
          checked++;
          if (!Files.exists(root.resolve(path))) {
            missing.add(where);
          }
        } else if (m.group(2) != null) { // a relative link
          checked++;
          if (!Files.exists(resolved)) {
            missing.add(where);
          }
        } else if (FILE_NAME.matcher(path).matches() && !path.contains("/")) {
          checked++;
          if (!names.contains(path)) {
            missing.add(where);
          }
        }
      }
    }
    assertThat(checked).as("paths checked").isGreaterThan(30);
    assertThat(missing).as("files named in the documents that do not exist").isEmpty();
  }
}
