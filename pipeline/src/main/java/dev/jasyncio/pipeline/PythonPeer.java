package dev.jasyncio.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jasyncio.Async;
import dev.jasyncio.io.Subprocess;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** {@code --python-peer}: seed 000's async3 in Python against the same server, one more row. */
final class PythonPeer {
  private PythonPeer() {}

  static final String LABEL = "python-async3";

  static CompareRow run(String python, Path script, List<URI> urls, Path dir, PrintStream out) {
    try {
      Files.createDirectories(dir);
      Path list = dir.resolve("urls.txt");
      Files.write(list, urls.stream().map(URI::toString).toList());
      Subprocess.Result r = Async.run(() -> Subprocess.exec(python, script.toString(), list.toString(), dir.toString())
          .communicate(null));
      String stdout = new String(r.stdout(), StandardCharsets.UTF_8).strip();
      if (r.exitCode() != 0 || stdout.isEmpty()) {
        throw new IllegalStateException("the Python peer failed (exit " + r.exitCode() + "): "
            + new String(r.stderr(), StandardCharsets.UTF_8).strip());
      }
      JsonNode j = new ObjectMapper().readTree(stdout.lines().reduce((a, b) -> b).orElseThrow());
      CompareRow row = new CompareRow(LABEL, j.path("download").asDouble(), j.path("process").asDouble(),
          j.path("total").asDouble(), j.path("ok").asLong(), j.path("failed").asLong());
      out.printf(Locale.ROOT, "%-14s %6.2f s  (%d ok, %d failed)%n", LABEL, row.totalSeconds(), row.ok(), row.failed());
      return row;
    } catch (IOException e) {
      throw new UncheckedIOException("running the Python peer " + script, e);
    }
  }
}
