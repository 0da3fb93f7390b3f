package dev.jasyncio.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jasyncio.Async;
import dev.jasyncio.CancelledException;
import dev.jasyncio.LoopGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link WebApp#start(LoopGroup, String, int)}: connections spread over the group's loops, every
 * request of one connection on its loop, and a graceful shutdown that reaches requests on every
 * loop. Real clients (curl).
 */
@Timeout(120)
class GroupServingTest {
  @BeforeAll
  static void tools() {
    Peers.requireCurl();
  }

  @Test
  void connectionsSpreadOverTheLoopsAndAConnectionsRequestsStayOnItsLoop() throws Exception {
    WebApp app = new WebApp().get("/where", r -> WebResponse.text(Async.currentLoop().name()));
    try (LoopGroup group = LoopGroup.builder().loops(2).name("web").build()) {
      CompletableFuture<Void> stop = new CompletableFuture<>();
      CompletableFuture<WebServer> started = new CompletableFuture<>();
      CompletableFuture<Void> serving = group.loop(0).submit(() -> {
        try (WebServer server = app.start(group, "127.0.0.1", 0)) {
          started.complete(server);
          Async.await(stop);
        }
      });
      String url = started.get(30, TimeUnit.SECONDS).uri().resolve("/where").toString();
      List<String> separate = new ArrayList<>();
      for (int i = 0; i < 4; i++) { // a new connection each: round-robin over the loops
        separate.add(Peers.curl(url).ok().out());
      }
      assertThat(separate).containsExactly("web-0", "web-1", "web-0", "web-1");
      // one curl, three requests over one kept-alive connection: all on one loop
      String same = Peers.curl(url, "--next", url, "--next", url).ok().out();
      assertThat(same).isIn("web-0web-0web-0", "web-1web-1web-1");
      stop.complete(null);
      serving.get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void shutdownCancelsAndAwaitsRequestsOnEveryLoop() throws Exception {
    List<String> cancelled = new CopyOnWriteArrayList<>();
    CountDownLatch inside = new CountDownLatch(2);
    WebApp app = new WebApp().get("/hang", r -> {
      inside.countDown();
      try {
        Async.await(new CompletableFuture<Void>());
      } catch (CancelledException c) {
        cancelled.add(Async.currentLoop().name());
        throw c;
      }
      return WebResponse.text("never");
    });
    try (LoopGroup group = LoopGroup.builder().loops(2).name("web").build()) {
      CompletableFuture<WebServer> started = new CompletableFuture<>();
      CompletableFuture<Void> stop = new CompletableFuture<>();
      CompletableFuture<Integer> serving = group.loop(0).submit(() -> {
        WebServer server = app.start(group, "127.0.0.1", 0);
        started.complete(server);
        Async.await(stop);
        server.shutdown(Duration.ofMillis(100));
        return server.inFlight();
      });
      String url = started.get(30, TimeUnit.SECONDS).uri().resolve("/hang").toString();
      List<CompletableFuture<Peers.Result>> clients = new ArrayList<>();
      for (int i = 0; i < 2; i++) { // two connections at once, one per loop
        CompletableFuture<Peers.Result> c = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> c.complete(Peers.curl(url)));
        clients.add(c);
      }
      assertThat(inside.await(30, TimeUnit.SECONDS)).isTrue();
      stop.complete(null);
      assertThat(serving.get(30, TimeUnit.SECONDS)).isZero();
      for (CompletableFuture<Peers.Result> c : clients) {
        c.get(60, TimeUnit.SECONDS); // answered or cut: either way the client is not left hanging
      }
    }
    assertThat(cancelled).containsExactlyInAnyOrder("web-0", "web-1");
  }
}
