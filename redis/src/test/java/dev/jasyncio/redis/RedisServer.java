package dev.jasyncio.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real {@code redis-server} for a test class: started on a free loopback port in a temporary
 * directory, with the append-only file synced on every write (so a restart keeps acknowledged
 * work), stopped and deleted at the end. Register it with
 * {@code @RegisterExtension static final RedisServer redis = new RedisServer();}; a test may
 * {@link #restart()} or {@link #stop()} it.
 */
public final class RedisServer implements BeforeAllCallback, AfterAllCallback, AutoCloseable {
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);

  private Path dir;
  private int port;
  private Process process;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  /** Starts it (on the same port as before, after a stop). */
  public synchronized RedisServer start() throws IOException, InterruptedException {
    if (process != null && process.isAlive()) {
      return this;
    }
    if (dir == null) {
      dir = Files.createTempDirectory("jasyncio-redis-");
      port = freePort();
    }
    String exe = findServer();
    process = new ProcessBuilder(List.of(exe, "--port", Integer.toString(port), "--bind", "127.0.0.1",
        "--dir", dir.toString(), "--appendonly", "yes", "--appendfsync", "always", "--save", "",
        "--daemonize", "no", "--protected-mode", "no", "--logfile", dir.resolve("redis.log").toString()))
        .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
    awaitReady();
    return this;
  }

  /** Stops it gracefully (SIGTERM: it flushes and exits), keeping its data for a restart. */
  public synchronized void stop() throws InterruptedException {
    if (process != null) {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
      process = null;
    }
  }

  /** Stops and starts it on the same port with the same data. */
  public void restart() throws IOException, InterruptedException {
    stop();
    start();
  }

  /** Where clients connect: {@code redis://127.0.0.1:PORT}. */
  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /** The redis-server process id (for reading its CPU time). */
  public long pid() {
    return process.pid();
  }

  @Override
  public synchronized void close() {
    try {
      stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (dir != null) {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        // a temp dir left behind is harmless
      }
      dir = null;
    }
  }

  private void awaitReady() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("redis-server exited with " + process.exitValue() + ": " + log());
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 500);
        s.setSoTimeout(2000);
        OutputStream out = s.getOutputStream();
        out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = s.getInputStream();
        byte[] buf = new byte[64];
        int n = in.read(buf);
        if (n > 0 && new String(buf, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG")) {
          return; // not "-LOADING": the data is in
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(20);
    }
    throw new IOException("redis-server did not answer PING within " + READY_TIMEOUT + ": " + log());
  }

  private String log() {
    try {
      return Files.readString(dir.resolve("redis.log")) + Files.readString(dir.resolve("stdout.log"));
    } catch (IOException e) {
      return "(no log)";
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static String findServer() {
    for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      Path p = Path.of(d, "redis-server");
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    for (String d : List.of("/usr/bin", "/usr/local/bin", "/usr/sbin")) {
      Path p = Path.of(d, "redis-server");
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    throw new IllegalStateException("redis-server is not installed (Debian: apt-get install redis-server;"
        + " .ci/run installs it)");
  }
}
