package dev.jasyncio.examples;

import dev.jasyncio.Async;
import dev.jasyncio.Backend;
import dev.jasyncio.Loop;
import dev.jasyncio.Task;
import dev.jasyncio.io.Connection;
import dev.jasyncio.io.Server;
import dev.jasyncio.io.Streams;
import java.util.ArrayList;
import java.util.List;

/**
 * The echo benchmark, jasyncio side: one loop runs an echo server and N clients on loopback; each
 * client sends a message, waits for it to come back, and repeats until the time is up. Prints one
 * line a harness can parse:
 *
 * <pre>
 * jasyncio-echo backend=carrier connections=100 size=1024 seconds=5.00 roundtrips=123456 rps=24691.2
 * </pre>
 *
 * Arguments (all optional): {@code connections=100 size=1024 seconds=5 backend=carrier|portable}.
 * The same shape as asyncio's streams echo (asyncio.start_server + open_connection), so the two
 * compare directly.
 */
public final class EchoBenchmark {
  private EchoBenchmark() {}

  /**
   * Runs the benchmark.
   *
   * @param args {@code key=value} options, see the class comment
   */
  public static void main(String[] args) {
    int connections = 100;
    int size = 1024;
    double seconds = 5;
    Backend backend = null;
    for (String a : args) {
      String[] kv = a.split("=", 2);
      if (kv.length != 2) {
        throw new IllegalArgumentException("expected key=value, not " + a);
      }
      switch (kv[0]) {
        case "connections" -> connections = Integer.parseInt(kv[1]);
        case "size" -> size = Integer.parseInt(kv[1]);
        case "seconds" -> seconds = Double.parseDouble(kv[1]);
        case "backend" -> backend = Backend.valueOf(kv[1].toUpperCase(java.util.Locale.ROOT));
        default -> throw new IllegalArgumentException("unknown option " + kv[0]
            + " (connections, size, seconds, backend)");
      }
    }
    Loop.Builder b = Loop.builder();
    if (backend != null) {
      b.backend(backend);
    }
    int n = connections;
    int len = size;
    double secs = seconds;
    try (Loop loop = b.build()) {
      long roundtrips = loop.runUntilComplete(() -> run(n, len, secs));
      System.out.printf(java.util.Locale.ROOT,
          "jasyncio-echo backend=%s connections=%d size=%d seconds=%.2f roundtrips=%d rps=%.1f%n",
          loop.backend().name().toLowerCase(java.util.Locale.ROOT), n, len, secs, roundtrips, roundtrips / secs);
    }
  }

  private static long run(int connections, int size, double seconds) {
    Server server = Streams.startServer((r, w) -> {
      byte[] chunk;
      while ((chunk = r.read(65536)).length > 0) {
        w.write(chunk);
        w.drain();
      }
    }, "127.0.0.1", 0);
    byte[] message = new byte[size];
    long deadline = System.nanoTime() + (long) (seconds * 1e9);
    List<Task<Long>> clients = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      clients.add(Async.createTask(() -> {
        long count = 0;
        try (Connection c = Streams.openConnection("127.0.0.1", server.port())) {
          while (System.nanoTime() < deadline) {
            c.writer().write(message);
            c.writer().drain();
            c.reader().readexactly(size);
            count++;
          }
        }
        return count;
      }));
    }
    long total = 0;
    for (Task<Long> t : clients) {
      total += t.await();
    }
    server.close();
    server.waitClosed();
    return total;
  }
}
