package dev.jasyncio.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the command line in-process, capturing its output, and reads what it wrote. */
final class Cli {
  private Cli() {}

  /**
   * One run.
   *
   * @param status the exit status
   * @param out what it printed on standard output
   * @param err what it printed on standard error
   */
  record Ran(int status, String out, String err) {}

  static Ran run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = PipelineCommand.run(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), args);
    return new Ran(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** Runs against {@code urls} written to a file in {@code dir}, output in {@code dir/out}. */
  static Ran against(Path dir, List<URI> urls, String... more) throws IOException {
    Path file = dir.resolve("urls.txt");
    List<String> lines = new ArrayList<>(List.of("# the test's images"));
    urls.forEach(u -> lines.add(u.toString()));
    Files.write(file, lines);
    List<String> args = new ArrayList<>(List.of("--urls", file.toString(), "--out", dir.resolve("out").toString()));
    args.addAll(List.of(more));
    return run(args.toArray(String[]::new));
  }

  static JsonNode manifest(Path out) throws IOException {
    return new ObjectMapper().readTree(out.resolve("manifest.json").toFile());
  }

  /** A small, quick server: 6 images of 48x32, 5 ms latency, 20 MB/s. */
  static ImageServer.Builder smallServer() {
    return ImageServer.builder().images(6).size(48, 32).latency(java.time.Duration.ofMillis(5)).bandwidth(20_000_000);
  }
}
