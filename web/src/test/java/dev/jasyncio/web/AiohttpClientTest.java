package dev.jasyncio.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jasyncio.Async;
import dev.jasyncio.Event;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Python's aiohttp client against the server: 10,000 keep-alive connections whose requests are
 * all inside their handlers at the same moment, then a second round on the pooled connections.
 */
class AiohttpClientTest {
  static final int CONNECTIONS = 10_000;

  @Test
  void tenThousandConcurrentKeepAliveConnections() {
    Peers.requirePython("aiohttp", "python3-aiohttp");
    long fdLimit = fdLimit();
    org.junit.jupiter.api.Assumptions.assumeTrue(fdLimit >= CONNECTIONS + 500 || System.getenv("CI") != null,
        "skipped: the open-files limit (" + fdLimit + ") is below " + (CONNECTIONS + 500) + "; raise ulimit -n");
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    Event all = new Event();
    WebApp app = new WebApp()
        .get("/", r -> WebResponse.text("ok"))
        .get("/together", r -> {
          // Every request waits here until all 10,000 are in: they are concurrent, on one loop.
          peak.accumulateAndGet(inside.incrementAndGet(), Math::max);
          if (inside.get() == CONNECTIONS) {
            all.set();
          }
          Async.timeout(Duration.ofSeconds(90), all::await);
          return WebResponse.text("together");
        })
        .acceptQueueSize(4096)
        .idleTimeout(Duration.ofSeconds(120))
        .requestTimeout(Duration.ofSeconds(120));
    try (Served s = Served.start(app)) {
      var r = Peers.python("aiohttp_client.py", s.url("/"), String.valueOf(CONNECTIONS), "/together").ok();
      assertThat(r.out()).contains("\"first_ok\": " + CONNECTIONS).contains("\"second_ok\": 1000")
          .contains("\"first_errors\": []");
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
