package dev.jasyncio.bench.peers;

import dev.jasyncio.Async;
import dev.jasyncio.Promise;
import dev.jasyncio.bench.HttpServerWorkloads;
import dev.jasyncio.web.WebApp;
import dev.jasyncio.web.WebResponse;
import dev.jasyncio.web.WebServer;
import java.time.Duration;

/** The HTTP server workloads on jasyncio's {@link WebApp}: every request a task on the run's loop. */
final class JasyncioHttpServer {
  private JasyncioHttpServer() {}

  private static final byte[] BODY = new byte[HttpServerWorkloads.BODY_SIZE];

  static long serve(int n) throws Exception {
    return serve(n, null);
  }

  static long serveAwaiting(int n) throws Exception {
    return serve(n, Duration.ofMillis(HttpServerWorkloads.AWAIT_MILLIS));
  }

  /** Serves until n requests are answered; call from a task (the run's main task). */
  private static long serve(int n, Duration await) throws Exception {
    Promise<Void> enough = Async.createPromise();
    int[] answered = new int[1]; // loop-only: every handler runs on this loop
    WebApp app = new WebApp().get("/", request -> {
      if (await != null) {
        Async.sleep(await);
      }
      if (++answered[0] == n) {
        enough.setResult(null);
      }
      return WebResponse.bytes(BODY, "application/octet-stream");
    });
    try (WebServer server = app.shutdownGrace(Duration.ofSeconds(1)).start("127.0.0.1", 0);
        Wrk wrk = Async.blocking(() -> Wrk.start(server.uri().toString()))) {
      enough.await();
    }
    return answered[0];
  }
}
