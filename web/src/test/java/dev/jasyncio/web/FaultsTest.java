package dev.jasyncio.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jasyncio.Async;
import dev.jasyncio.AsyncStream;
import dev.jasyncio.CancelledException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What a server must survive: slow, broken, vanishing and misbehaving clients and handlers. */
class FaultsTest {
  private static final Duration SAFETY = Duration.ofSeconds(30);

  private static Socket connect(Served s) throws Exception {
    Socket socket = new Socket("127.0.0.1", s.server.port());
    socket.setSoTimeout((int) SAFETY.toMillis());
    return socket;
  }

  private static String get(Served s, String path) throws Exception {
    try (Socket socket = connect(s)) {
      socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void slowlorisIsClosedByTheIdleTimeout() throws Exception {
    WebApp app = new WebApp().get("/", r -> WebResponse.text("ok")).idleTimeout(Duration.ofMillis(300));
    try (Served s = Served.start(app); Socket slow = connect(s)) {
      OutputStream out = slow.getOutputStream();
      out.write("GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      // The headers never end: the server must give up on its own (read returns end of stream).
      InputStream in = slow.getInputStream();
      byte[] rest = in.readAllBytes();
      assertThat(new String(rest, StandardCharsets.US_ASCII)).doesNotContain("200 OK");
      assertThat(get(s, "/")).startsWith("HTTP/1.1 200");
    }
  }

  @Test
  void malformedRequestIs400AndTheServerGoesOn() throws Exception {
    WebApp app = new WebApp().get("/", r -> WebResponse.text("ok"));
    try (Served s = Served.start(app)) {
      for (String garbage : new String[] {"GARBAGE\r\n\r\n", "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
          "GET / HTTP/9.9\r\n\r\n", "GET / HTTP/1.1\r\nBad Header\r\n\r\n"}) {
        try (Socket socket = connect(s)) {
          socket.getOutputStream().write(garbage.getBytes(StandardCharsets.US_ASCII));
          String reply = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
          assertThat(reply).as("reply to %s", garbage.strip()).matches("(?s)HTTP/1.1 (400|505).*");
        }
      }
      assertThat(get(s, "/")).startsWith("HTTP/1.1 200").endsWith("ok");
      assertThat(s.liveTasks()).isZero();
    }
  }

  @Test
  void clientDisconnectMidResponseCancelsTheHandler() throws Exception {
    AtomicInteger emitted = new AtomicInteger();
    CompletableFuture<Throwable> producerEnd = new CompletableFuture<>();
    WebApp app = new WebApp().get("/feed", r -> WebResponse.stream(AsyncStream.<String>generate(out -> {
      try {
        while (true) {
          out.emit("tick " + emitted.incrementAndGet() + "\n");
          Async.sleep(Duration.ofMillis(5));
        }
      } catch (Throwable t) {
        producerEnd.complete(t);
        throw t;
      }
    }), "text/plain"));
    try (Served s = Served.start(app)) {
      try (Socket socket = connect(s)) {
        socket.getOutputStream().write("GET /feed HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        InputStream in = socket.getInputStream();
        byte[] head = new byte[200];
        int n = in.read(head);
        assertThat(new String(head, 0, n, StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 200");
        socket.setSoLinger(true, 0); // reset: the client is gone for good
      }
      Throwable end = producerEnd.get(SAFETY.toSeconds(), TimeUnit.SECONDS);
      assertThat(end).isInstanceOf(CancelledException.class);
      Served.eventually(SAFETY, "the request's task ended", () -> s.liveTasks() == 0);
      assertThat(s.onLoop(s.server::inFlight)).isZero();
      int after = emitted.get();
      assertThat(get(s, "/nothing")).startsWith("HTTP/1.1 404"); // the server is fine
      assertThat(emitted.get()).isEqualTo(after); // and the producer is gone
    }
  }

  @Test
  void http2ResetCancelsTheHandler() throws Exception {
    Peers.requireCurl();
    CompletableFuture<Throwable> handlerEnd = new CompletableFuture<>();
    CompletableFuture<Void> entered = new CompletableFuture<>();
    WebApp app = new WebApp().get("/hang", r -> {
      entered.complete(null);
      try {
        Async.sleep(Duration.ofMinutes(5));
        return WebResponse.text("never");
      } catch (Throwable t) {
        handlerEnd.complete(t);
        throw t;
      }
    });
    try (Served s = Served.start(app)) {
      // curl gives up after 1 s and resets the stream / closes the connection.
      var r = Peers.curl("--http2-prior-knowledge", "--max-time", "1", s.url("/hang"));
      assertThat(r.exit()).isNotZero();
      assertThat(entered).isDone();
      assertThat(handlerEnd.get(SAFETY.toSeconds(), TimeUnit.SECONDS)).isInstanceOf(CancelledException.class);
      Served.eventually(SAFETY, "no task left", () -> s.liveTasks() == 0);
    }
  }

  @Test
  void gracefulShutdownLetsInFlightFinishAndCancelsLateOnes() throws Exception {
    CompletableFuture<Throwable> lateEnd = new CompletableFuture<>();
    AtomicInteger entered = new AtomicInteger();
    WebApp app = new WebApp()
        .get("/quick", r -> {
          entered.incrementAndGet();
          Async.sleep(Duration.ofMillis(300));
          return WebResponse.text("finished");
        })
        .get("/late", r -> {
          entered.incrementAndGet();
          try {
            Async.sleep(Duration.ofMinutes(5));
            return WebResponse.text("never");
          } catch (Throwable t) {
            lateEnd.complete(t);
            throw t;
          }
        })
        .shutdownGrace(Duration.ofSeconds(2));
    Served s = Served.start(app);
    int port = s.server.port();
    CompletableFuture<String> quick = CompletableFuture.supplyAsync(() -> call(s, "/quick"));
    CompletableFuture<String> late = CompletableFuture.supplyAsync(() -> call(s, "/late"));
    Served.eventually(SAFETY, "both requests running", () -> entered.get() == 2);
    s.close();
    assertThat(quick.get(SAFETY.toSeconds(), TimeUnit.SECONDS)).startsWith("HTTP/1.1 200").endsWith("finished");
    assertThat(lateEnd.get(SAFETY.toSeconds(), TimeUnit.SECONDS)).isInstanceOf(CancelledException.class);
    assertThat(late.get(SAFETY.toSeconds(), TimeUnit.SECONDS)).doesNotContain("never");
    assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
  }

  @Test
  void cancellingTheTaskThatAwaitsShutdownStillShutsDownGracefully() throws Exception {
    // What Ctrl-C does to Async.run's main task: close() runs in a cancelled task, shielded.
    CompletableFuture<String> reply = new CompletableFuture<>();
    assertThatThrownBy(() -> Async.run(() -> {
      dev.jasyncio.Task<?> main = Async.currentTask();
      WebApp app = new WebApp().get("/slow", r -> {
        Async.sleep(Duration.ofMillis(300));
        return WebResponse.text("finished");
      });
      try (WebServer server = app.start("127.0.0.1", 0)) {
        Thread.ofPlatform().daemon().start(() -> {
          try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout((int) SAFETY.toMillis());
            socket.getOutputStream().write("GET /slow HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
            reply.complete(new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
          } catch (Exception e) {
            reply.completeExceptionally(e);
          }
        });
        Async.createTask(() -> {
          while (server.inFlight() == 0) {
            Async.sleep(Duration.ofMillis(5));
          }
          main.cancel("as if by Ctrl-C");
          return null;
        });
        server.awaitShutdown();
      }
    })).isInstanceOf(CancelledException.class).hasMessageContaining("as if by Ctrl-C");
    assertThat(reply.get(SAFETY.toSeconds(), TimeUnit.SECONDS)).startsWith("HTTP/1.1 200").endsWith("finished");
  }

  private static String call(Served s, String path) {
    try {
      return get(s, path);
    } catch (SocketTimeoutException e) {
      throw new AssertionError(e);
    } catch (Exception e) {
      return "failed: " + e;
    }
  }

  @Test
  void handlerThatBlocksTheLoopIsNamedInDebugMode() throws Exception {
    WebApp app = new WebApp().get("/block", r -> {
      long end = System.nanoTime() + 300_000_000L;
      while (System.nanoTime() < end) {
        Thread.onSpinWait(); // holds the loop on every backend
      }
      return WebResponse.text("done");
    });
    try (Served s = Served.start(app, b -> b.debug(true).slowCallbackDuration(Duration.ofMillis(100)))) {
      assertThat(get(s, "/block")).startsWith("HTTP/1.1 200");
      Served.eventually(SAFETY, "a slow-step report", () -> !s.reports.isEmpty());
      assertThat(s.reports).anySatisfy(r -> {
        assertThat(r.message()).contains("GET /block").contains("held the loop");
        assertThat(r.stack()).isNotNull();
      });
      s.reports.clear();
    }
  }
}
