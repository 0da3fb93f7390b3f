package dev.jasyncio.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.jasyncio.Async;
import dev.jasyncio.Task;
import dev.jasyncio.web.WebApp;
import dev.jasyncio.web.WebResponse;
import dev.jasyncio.web.WebServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Seed 003's case for asyncio: a threaded server answers as many requests at once as it has
 * threads, so an OAuth upstream that stops answering turns it into a denial of service. The same
 * two routes run on jasyncio's {@link WebApp} (every request a task on one loop) and on a server
 * with a fixed pool of two threads (Python's typical deployment).
 */
public final class SlowUpstream implements Example {
  static final int QUICK = 100;
  static final int LOGINS = 2;
  private final Duration outage;

  /** The tour's version: the upstream is silent for 5 s. */
  public SlowUpstream() {
    this(Duration.ofSeconds(5));
  }

  SlowUpstream(Duration outage) {
    this.outage = outage;
  }

  @Override
  public String name() {
    return "slowupstream";
  }

  @Override
  public String title() {
    return "seed 003: one slow upstream, on a loop and on a pool of two threads";
  }

  @Override
  public String lesson() {
    return "Two logins wait on an OAuth server that stops answering for " + outage.toSeconds()
        + " s while " + QUICK + " other requests arrive. On the loop, a waiting handler is a"
        + " suspended task, so the other requests are answered in milliseconds. On two threads,"
        + " both threads wait for the upstream and the other requests queue until it answers.";
  }

  @Override
  public Example withArgs(List<String> args) {
    if (args.isEmpty()) {
      return this;
    }
    if (args.size() != 1) {
      throw new IllegalArgumentException("slowupstream takes the outage in seconds, e.g. 5, not " + args);
    }
    return new SlowUpstream(Duration.ofMillis((long) (Double.parseDouble(args.get(0)) * 1000)));
  }

  @Override
  public void run(PrintStream out) throws Exception {
    try (OAuthUpstream upstream = new OAuthUpstream(); HttpClient client = HttpClient.newHttpClient()) {
      out.println("-- jasyncio WebApp: every request is a task on one loop");
      WebApp app = new WebApp()
          .get("/login", r -> WebResponse.text(Async.await(client.sendAsync(
              HttpRequest.newBuilder(upstream.uri()).build(), HttpResponse.BodyHandlers.ofString())).body()))
          .get("/hello", r -> WebResponse.text("hello"));
      try (WebServer server = app.start("127.0.0.1", 0)) {
        storm(out, client, server.uri(), upstream, false);
      }

      out.println("-- the same routes on a fixed pool of " + LOGINS + " threads");
      upstream.reset();
      try (ThreadedServer threaded = new ThreadedServer(client, upstream.uri())) {
        storm(out, client, threaded.uri(), upstream, true);
      }
    }
  }

  /** Two logins that hang on the upstream, then the quick requests; prints what got answered. */
  private void storm(PrintStream out, HttpClient client, URI base, OAuthUpstream upstream, boolean threads) {
    for (int i = 0; i < 20; i++) {
      get(client, base.resolve("/hello")); // warm up, so the times below are the server's, not the JIT's
    }
    List<Task<String>> logins = new ArrayList<>();
    for (int i = 0; i < LOGINS; i++) {
      logins.add(Async.createTask(() -> get(client, base.resolve("/login"))));
    }
    Async.await(upstream.bothWaiting); // both handlers are now stuck on the upstream
    double t0 = Async.currentLoop().time();
    AtomicInteger answered = new AtomicInteger();
    List<Task<String>> quick = new ArrayList<>();
    for (int i = 0; i < QUICK; i++) {
      quick.add(Async.createTask(() -> {
        String s = get(client, base.resolve("/hello"));
        answered.incrementAndGet();
        return s;
      }));
    }
    if (!threads) {
      Async.gather(quick); // all answered while the upstream is still silent
      out.printf("%d of %d quick requests answered during the outage, in %s%n",
          answered.get(), QUICK, ms(Async.currentLoop().time() - t0));
    } else {
      Async.sleep(outage);
      out.printf("%d of %d quick requests answered during the %d s outage: they queue behind the logins%n",
          answered.get(), QUICK, outage.toSeconds());
    }
    double left = outage.toNanos() / 1e9 - (Async.currentLoop().time() - t0);
    if (left > 0) {
      Async.sleep(left); // the outage lasts its full length
    }
    upstream.answer();
    Async.gather(logins);
    Async.gather(quick);
    out.printf("the upstream answered; logins done, and all %d quick requests %s%n", QUICK,
        threads ? "only now, " + ms(Async.currentLoop().time() - t0) + " after they were sent" : "long since");
  }

  private static String ms(double seconds) {
    return String.format("%.0f ms", seconds * 1000);
  }

  static String get(HttpClient client, URI uri) {
    HttpResponse<String> r = Async.await(client.sendAsync(HttpRequest.newBuilder(uri).build(),
        HttpResponse.BodyHandlers.ofString()));
    if (r.statusCode() != 200) {
      throw new IllegalStateException(uri + " answered " + r.statusCode());
    }
    return r.body();
  }

  /** The OAuth server: holds every token request until {@link #answer()} (it "stops answering"). */
  static final class OAuthUpstream implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "oauth-upstream");
      t.setDaemon(true);
      return t;
    });
    private volatile CountDownLatch silent = new CountDownLatch(1);
    private final AtomicInteger waiting = new AtomicInteger();
    volatile CompletableFuture<Void> bothWaiting = new CompletableFuture<>();

    OAuthUpstream() throws IOException {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.setExecutor(threads);
      server.createContext("/token", this::token);
      server.start();
    }

    private void token(HttpExchange ex) throws IOException {
      if (waiting.incrementAndGet() == LOGINS) {
        bothWaiting.complete(null);
      }
      try {
        silent.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      reply(ex, "token");
    }

    URI uri() {
      return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/token");
    }

    void answer() {
      silent.countDown();
    }

    void reset() {
      waiting.set(0);
      bothWaiting = new CompletableFuture<>();
      silent = new CountDownLatch(1);
    }

    @Override
    public void close() {
      silent.countDown();
      server.stop(0);
      threads.shutdownNow();
    }
  }

  /** The threaded server: the same routes, blocking, on a fixed pool of two platform threads. */
  static final class ThreadedServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService pool = Executors.newFixedThreadPool(LOGINS, r -> {
      Thread t = new Thread(r, "threaded-server");
      t.setDaemon(true);
      return t;
    });

    ThreadedServer(HttpClient client, URI upstream) throws IOException {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
      server.setExecutor(pool);
      server.createContext("/login", ex -> {
        try {
          reply(ex, client.send(HttpRequest.newBuilder(upstream).build(), HttpResponse.BodyHandlers.ofString()).body());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          ex.sendResponseHeaders(503, -1);
          ex.close();
        }
      });
      server.createContext("/hello", ex -> reply(ex, "hello"));
      server.start();
    }

    URI uri() {
      return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    @Override
    public void close() {
      server.stop(0);
      pool.shutdownNow();
    }
  }

  static void reply(HttpExchange ex, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(200, b.length);
    try (OutputStream o = ex.getResponseBody()) {
      o.write(b);
    }
  }
}
