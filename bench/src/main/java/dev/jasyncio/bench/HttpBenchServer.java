package dev.jasyncio.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The server of the HTTP workloads: {@code bench/src/main/go/httpserver}, built with the Go
 * toolchain into {@code bench/target/go-httpserver} and run as a process of its own, so the
 * server and the peer under test never share a runtime.
 */
final class HttpBenchServer implements Service {
  private final Process process;
  private final String address;

  private HttpBenchServer(Process process, String address) {
    this.process = process;
    this.address = address;
  }

  static Service start(Path home) throws Exception {
    Path src = home.resolve("bench/src/main/go");
    Path bin = home.resolve("bench/target/go-httpserver");
    Path main = src.resolve("httpserver/main.go");
    if (!Files.exists(bin) || Files.getLastModifiedTime(main).compareTo(Files.getLastModifiedTime(bin)) > 0) {
      Files.createDirectories(bin.getParent());
      Process build = new ProcessBuilder(List.of("go", "build", "-o", bin.toString(), "./httpserver"))
          .directory(src.toFile()).redirectErrorStream(true).start();
      String out = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!build.waitFor(300, TimeUnit.SECONDS) || build.exitValue() != 0) {
        throw new IOException("go build of the HTTP server failed (is golang-go installed?): " + out);
      }
    }
    Process p = new ProcessBuilder(bin.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine(); // "listening 127.0.0.1:PORT"
    if (line == null || !line.startsWith("listening ")) {
      p.destroyForcibly();
      throw new IOException("the HTTP server did not start: " + line);
    }
    return new HttpBenchServer(p, "http://" + line.substring("listening ".length()) + "/");
  }

  @Override
  public String address() {
    return address;
  }

  @Override
  public void close() throws Exception {
    process.getOutputStream().close(); // its stdin closes: it exits
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
  }
}
