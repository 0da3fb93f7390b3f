package dev.jasyncio.bench.peers;

import dev.jasyncio.bench.HttpServerWorkloads;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** wrk, loading a peer's HTTP server until the server has answered its n requests. */
final class Wrk implements AutoCloseable {
  private final Process process;

  private Wrk(Process process) {
    this.process = process;
  }

  /**
   * Starts wrk against {@code url}: 2 threads, 100 connections, for up to 10 minutes (it is
   * stopped once the server has answered enough).
   */
  static Wrk start(String url) throws IOException {
    if (!onPath("wrk")) {
      throw new UnsupportedOperationException("wrk is not installed (apt-get install wrk)");
    }
    Process p = new ProcessBuilder(List.of("wrk", "-t2", "-c" + HttpServerWorkloads.CONNECTIONS, "-d600s", url))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    return new Wrk(p);
  }

  private static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    process.waitFor();
  }
}
