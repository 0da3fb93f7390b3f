package dev.jasyncio.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.jasyncio.Async;
import dev.jasyncio.CancelledException;
import dev.jasyncio.Event;
import dev.jasyncio.Task;
import dev.jasyncio.testkit.AsyncTest;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Large bodies stream in constant memory; cancelling a download aborts it and leaks nothing. */
class StreamingTest {
  private static final long BIG = 200L * 1024 * 1024;
  private static final int CHUNK = 64 * 1024;

  private HttpServer server;
  private ExecutorService serverThreads;
  private final CountDownLatch aborted = new CountDownLatch(1);

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    serverThreads = Executors.newCachedThreadPool();
    server.setExecutor(serverThreads);
    server.createContext("/big", exchange -> {
      long size = Long.parseLong(exchange.getRequestURI().getQuery());
      byte[] chunk = pattern();
      exchange.sendResponseHeaders(200, size);
      try (OutputStream out = exchange.getResponseBody()) {
        for (long sent = 0; sent < size; sent += CHUNK) {
          out.write(chunk, 0, (int) Math.min(CHUNK, size - sent));
        }
      } catch (IOException clientWentAway) {
        aborted.countDown();
      }
    });
    server.createContext("/small", exchange -> {
      byte[] body = "small".getBytes();
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
    serverThreads.shutdownNow();
  }

  private String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  private static byte[] pattern() {
    byte[] chunk = new byte[CHUNK];
    for (int i = 0; i < CHUNK; i++) {
      chunk[i] = (byte) (i * 31);
    }
    return chunk;
  }

  /** The old generation (where a 200 MB array would have to live), or null if none is named so. */
  private static MemoryPoolMXBean oldGeneration() {
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP && (p.getName().contains("Old") || p.getName().contains("Tenured"))) {
        return p;
      }
    }
    return null;
  }

  @AsyncTest(realTimeout = "120s")
  void a200MegabyteBodyStreamsToAFileWithLittleHeapGrowth(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("big.bin");
    MemoryPoolMXBean old = oldGeneration();
    assertThat(old).as("an old-generation heap pool").isNotNull();
    Async.toThread(() -> System.gc());
    long before = old.getUsage().getUsed();
    old.resetPeakUsage();
    long written;
    try (HttpSession s = HttpSession.create(); HttpResponse r = s.get(url("/big?" + BIG))) {
      assertThat(r.contentLength()).isEqualTo(BIG);
      written = r.saveTo(file);
    }
    long growth = old.getPeakUsage().getUsed() - before;
    assertThat(written).isEqualTo(BIG);
    assertThat(Files.size(file)).isEqualTo(BIG);
    assertThat(growth).as("old-generation heap growth").isLessThan(16L * 1024 * 1024);
    byte[] expected = pattern();
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      for (long at : List.of(0L, BIG / 2, BIG - CHUNK)) {
        byte[] got = new byte[CHUNK];
        f.seek(at);
        f.readFully(got);
        assertThat(Arrays.equals(got, expected)).as("bytes at " + at).isTrue();
      }
    }
  }

  @AsyncTest
  void cancellingADownloadAbortsItAndTheSessionGoesOn(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("partial.bin");
    Event started = new Event();
    try (HttpSession s = HttpSession.builder().limit(1).onProgress((r, got, total) -> {
      if (got >= 1024 * 1024) {
        started.set();
      }
    }).build()) {
      Task<Long> download = Async.createTask(() -> {
        try (HttpResponse r = s.get(url("/big?" + (4L << 30)))) { // 4 GiB: never finishes by itself
          return r.saveTo(file);
        }
      });
      started.await();
      download.cancel();
      assertThatThrownBy(download::await).isInstanceOf(CancelledException.class);
      assertThat(s.inFlight()).isZero();
      assertThat(s.connectionCount()).as("the aborted connection is not pooled").isZero();
      assertThat(Files.exists(file)).as("the partial file is removed").isFalse();
      assertThat(Async.toThread(() -> aborted.await(10, TimeUnit.SECONDS))).as("the server saw the abort").isTrue();
      try (HttpResponse next = s.get(url("/small"))) { // the limit's one slot is free again
        assertThat(next.text()).isEqualTo("small");
      }
      assertThat(s.connectionCount()).isEqualTo(1);
    }
    for (var e : Thread.getAllStackTraces().entrySet()) {
      assertThat(Arrays.stream(e.getValue()).map(StackTraceElement::getClassName))
          .as("no thread is left inside the client: " + e.getKey())
          .noneMatch(c -> c.startsWith("dev.jasyncio.http.") && !c.endsWith("Test") && !c.contains("Test$"));
    }
  }
}
