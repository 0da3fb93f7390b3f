package dev.jasyncio;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The repository's own files, for the tests that check its documentation against its code. */
final class RepositoryFiles {
  private RepositoryFiles() {}

  /** The checkout's root: the nearest directory up from here with the parent pom and the README. */
  static Path root() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path pom = p.resolve("pom.xml");
      try {
        if (Files.isRegularFile(p.resolve("README.md")) && Files.isRegularFile(pom)
            && Files.readString(pom).contains("<artifactId>jasyncio-parent</artifactId>")) {
          return p;
        }
      } catch (IOException e) {
        throw new AssertionError(e);
      }
    }
    throw new AssertionError("no jasyncio checkout above " + Path.of("").toAbsolutePath());
  }

  /**
   * A fenced code block of a Markdown file with the HTML comment just before it
   * ({@code <!-- compile: body -->}), or null.
   *
   * @param marker the comment's text, or null
   * @param language the fence's language
   * @param code the block's text
   * @param line the line of the opening fence, from 1
   */
  record Block(String marker, String language, String code, int line) {}

  private static final Pattern FENCE = Pattern.compile(
      "(?:<!--\\s*(.*?)\\s*-->\\s*\\n)?```(\\w*)\\n(.*?)\\n```", Pattern.DOTALL);

  static List<Block> blocks(Path markdown) throws IOException {
    String text = Files.readString(markdown);
    List<Block> out = new ArrayList<>();
    Matcher m = FENCE.matcher(text);
    while (m.find()) {
      int line = (int) text.substring(0, m.start(2)).chars().filter(c -> c == '\n').count() + 1;
      out.add(new Block(m.group(1), m.group(2), m.group(3) + "\n", line));
    }
    return out;
  }
}
