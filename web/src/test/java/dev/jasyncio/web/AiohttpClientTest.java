package dev.jasyncio.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jasyncio.Async;
import dev.jasyncio.Event;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Python clients against the server: aiohttp with a burst of concurrent keep-alive requests, and
 * 10,000 keep-alive connections (plain asyncio streams, lighter than aiohttp at that count) whose
 * requests are all inside their handlers at the same moment, then again on the same sockets.
 */
class AiohttpClientTest {
  static final int CONNECTIONS = 10_000;

  /** A route whose handlers all wait until {@code n} of them are in: proof they are concurrent. */
  private static WebApp together(int n, AtomicInteger peak) {
    AtomicInteger inside = new AtomicInteger();
    Event all = new Event();
    return new WebApp()
        .get("/", r -> WebResponse.text("again"))
        .get("/together", r -> {
          peak.accumulateAndGet(inside.incrementAndGet(), Math::max);
          if (inside.get() == n) {
            all.set();
          }
          Async.timeout(Duration.ofSeconds(120), all::await);
          return WebResponse.text("together");
        })
        .acceptQueueSize(4096)
        .idleTimeout(Duration.ofSeconds(150))
        .requestTimeout(Duration.ofSeconds(150));
  }

  @Test
  void aiohttpBurstOverKeepAliveConnections() {
    Peers.requirePython("aiohttp", "python3-aiohttp");
    AtomicInteger peak = new AtomicInteger();
    try (Served s = Served.start(together(200, peak))) {
      var r = Peers.python("aiohttp_client.py", s.url("/"), "200", "/together").ok();
      assertThat(r.out()).contains("\"first_ok\": 200").contains("\"ids_unique\": true")
          .contains("\"errors\": []").contains("\"second_ok\": 200").contains("\"second_body\": [\"again\"]");
      assertThat(peak.get()).isEqualTo(200);
      assertThat(s.liveTasks()).isZero();
    }
  }

  @Test
  void tenThousandConcurrentKeepAliveConnections() {
    Peers.requirePython("asyncio", "python3");
    long fdLimit = fdLimit();
    Assumptions.assumeTrue(fdLimit >= CONNECTIONS + 500 || System.getenv("CI") != null,
        "skipped: the open-files limit (" + fdLimit + ") is below " + (CONNECTIONS + 500) + "; raise ulimit -n");
    AtomicInteger peak = new AtomicInteger();
    try (Served s = Served.start(together(CONNECTIONS, peak))) {
      var r = Peers.python("keepalive_client.py", "127.0.0.1", String.valueOf(s.server.port()),
          String.valueOf(CONNECTIONS), "/together").ok();
      assertThat(r.out()).contains("\"first_ok\": " + CONNECTIONS).contains("\"errors\": []")
          .contains("\"second_ok_same_socket\": " + CONNECTIONS);
      assertThat(peak.get()).isEqualTo(CONNECTIONS);
      assertThat(s.liveTasks()).isZero();
    }
  }

  private static long fdLimit() {
    var r = Peers.run(java.util.List.of(Peers.PYTHON, "-c",
        "import resource; print(resource.getrlimit(resource.RLIMIT_NOFILE)[1])"), 30);
    try {
      return Long.parseLong(r.out().trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
