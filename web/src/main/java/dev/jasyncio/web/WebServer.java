package dev.jasyncio.web;

import dev.jasyncio.Async;
import dev.jasyncio.CancelScope;
import dev.jasyncio.CancelledException;
import dev.jasyncio.Event;
import dev.jasyncio.Loop;
import dev.jasyncio.LoopClosedException;
import dev.jasyncio.LoopGroup;
import dev.jasyncio.Task;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;

/**
 * A running {@link WebApp}: Jetty accepts and parses on its own threads and hands each request
 * to the loop, where it runs as a task named {@code "GET /path <request id>"} (debug mode names
 * it when it holds the loop). Close it to shut down gracefully: stop accepting, let in-flight
 * requests finish within the app's {@linkplain WebApp#shutdownGrace(Duration) grace}, cancel the
 * rest, close WebSockets with 1001.
 *
 * <p>Methods other than {@link #port()}, {@link #uri()}, {@link #inFlight()} and
 * {@link #openWebSockets()} are called from a task of the server's loop (the loop of the task that
 * started it). Started on a {@link LoopGroup} ({@link WebApp#start(LoopGroup, String, int)}), each
 * connection is given to a loop of the group as it sends its first request, and every request
 * and WebSocket of that connection runs there.
 */
public final class WebServer implements AutoCloseable {
  private static final AtomicLong IDS = new AtomicLong();
  private static final String LOOP_ATTRIBUTE = "dev.jasyncio.web.loop";
  private static final String ID_PREFIX = Long.toString(ProcessHandle.current().pid() % 1296, 36);

  private final Loop loop;
  /** The loops requests run on; null: all on {@link #loop}. */
  private final LoopGroup group;
  private final Router router;
  private final Handler chain;
  private final long maxBodySize;
  private final Duration grace;
  private final Server jetty;
  private final ServerConnector connector;
  private final ServerWebSocketContainer webSockets;
  private volatile boolean accepting = true;
  // The tasks of requests and WebSocket connections still running, each with its end (a task of
  // another loop of the group cannot be awaited directly).
  private final Map<Task<?>, CompletableFuture<Void>> requests = new ConcurrentHashMap<>();
  private final Map<Task<?>, CompletableFuture<Void>> sockets = new ConcurrentHashMap<>();
  private volatile CompletableFuture<Void> drained;
  private final Event stopped = new Event();
  private boolean shutdownStarted;

  private WebServer(WebApp app, Loop loop, LoopGroup group) {
    this.loop = loop;
    this.group = group;
    this.router = app.router;
    this.maxBodySize = app.maxBodySize;
    this.grace = app.shutdownGrace;
    this.chain = chain(app);

    QueuedThreadPool threads = new QueuedThreadPool();
    threads.setName("jasyncio-web-jetty");
    threads.setDaemon(true);
    jetty = new Server(threads);
    HttpConfiguration config = new HttpConfiguration();
    config.setSendServerVersion(false);
    config.setSendDateHeader(false);
    connector = new ServerConnector(jetty, new HttpConnectionFactory(config),
        new HTTP2CServerConnectionFactory(config));
    connector.setIdleTimeout(app.idleTimeout.toMillis());
    connector.setAcceptQueueSize(app.acceptQueueSize);
    jetty.addConnector(connector);
    webSockets = ServerWebSocketContainer.ensure(jetty);
    webSockets.setMaxTextMessageSize(app.maxMessageSize);
    webSockets.setMaxBinaryMessageSize(app.maxMessageSize);
    webSockets.setIdleTimeout(app.idleTimeout);
    jetty.setHandler(new Dispatcher());
    jetty.setStopTimeout(0); // the graceful part is ours (shutdown); Jetty then just closes
  }

  static WebServer start(WebApp app, Loop loop, LoopGroup group, String host, int port) {
    WebServer s = new WebServer(app, loop, group);
    s.connector.setHost(host);
    s.connector.setPort(port);
    try {
      Async.blocking(() -> {
        s.jetty.start();
        return null;
      });
    } catch (RuntimeException e) {
      try {
        Async.blocking(() -> {
          s.jetty.stop(); // nothing of a server that could not start stays running
          return null;
        });
      } catch (RuntimeException stop) {
        e.addSuppressed(stop);
      }
      if (e.getCause() instanceof java.io.IOException io) {
        throw new UncheckedIOException("cannot serve on " + host + ":" + port + ": " + io.getMessage(), io);
      }
      throw e;
    }
    return s;
  }

  /** The middleware around the route handler; errors become responses inside every middleware. */
  private static Handler chain(WebApp app) {
    Handler h = ErrorResponses.catching(WebServer::route);
    for (int i = app.middleware.size() - 1; i >= 0; i--) {
      Middleware m = app.middleware.get(i);
      Handler next = h;
      h = ErrorResponses.catching(request -> m.handle(request, next));
    }
    Duration timeout = app.requestTimeout;
    Handler inner = h;
    return request -> {
      CancelScope scope = CancelScope.after(timeout);
      WebResponse r = scope.run(() -> inner.handle(request));
      if (scope.cancelledCaught()) {
        return ErrorResponses.toResponse(request,
            new HttpException(503, "request timed out after " + timeout.toMillis() + " ms; request id: " + request.requestId()));
      }
      return r;
    };
  }

  private static WebResponse route(WebRequest request) throws Exception {
    Router.Match m = request.match;
    if (m.route() == null) {
      if (m.allowed().isEmpty()) {
        throw new HttpException(404, "not found: " + request.path());
      }
      WebResponse r = WebResponse.text("method " + request.method() + " not allowed; allowed: "
          + String.join(", ", m.allowed()) + "\n").status(405);
      return r.header("Allow", String.join(", ", m.allowed()));
    }
    if (m.route().webSocket() != null) {
      throw new HttpException(400, "expected a WebSocket upgrade request at " + request.path());
    }
    return m.route().handler().handle(request);
  }

  /**
   * The port the server listens on (useful after binding port 0). Thread-safe.
   *
   * @return the port
   */
  public int port() {
    return connector.getLocalPort();
  }

  /**
   * The server's base URI, for example {@code http://127.0.0.1:8080/}. Thread-safe.
   *
   * @return the URI
   */
  public URI uri() {
    String host = connector.getHost() == null ? "localhost" : connector.getHost();
    return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port() + "/");
  }

  /**
   * The requests whose handlers are running now (WebSocket connections not included).
   *
   * @return the count
   */
  public int inFlight() {
    return requests.size();
  }

  /**
   * The WebSocket connections open now.
   *
   * @return the count
   */
  public int openWebSockets() {
    return sockets.size();
  }

  /**
   * Suspends the calling task until the server has shut down: by {@link #close()} from another
   * task, or forever. Cancel the waiting task (Ctrl-C cancels {@code Async.run}'s main task) to
   * stop waiting.
   */
  public void awaitShutdown() {
    stopped.await();
  }

  /** Shuts down with the app's grace period; see {@link #shutdown(Duration)}. */
  @Override
  public void close() {
    shutdown(grace);
  }

  /**
   * Shuts down gracefully: stop accepting connections (requests on open keep-alive ones get 503
   * and {@code Connection: close}), cancel WebSocket connections (closed with 1001), let in-flight requests
   * finish for up to {@code grace}, cancel the rest and wait for them, then stop Jetty. Runs to
   * the end even if the calling task is cancelled meanwhile. A second call returns at once.
   *
   * @param grace how long in-flight requests may still run
   */
  public void shutdown(Duration grace) {
    if (shutdownStarted) {
      return;
    }
    shutdownStarted = true;
    CancelScope.shielded().run(() -> {
      accepting = false;
      // Close the listening socket only: Jetty's own graceful shutdown would also shorten the
      // idle timeout of busy connections, cutting in-flight requests before our grace ends.
      Async.blocking(() -> {
        connector.close();
        return null;
      });
      cancelAll(sockets, "the server is shutting down");
      if (!requests.isEmpty()) {
        CompletableFuture<Void> d = drained = new CompletableFuture<>();
        if (requests.isEmpty()) { // the last one ended on another loop meanwhile
          d.complete(null);
        }
        CancelScope.moveOnAfter(grace, () -> Async.await(d));
      }
      List<CompletableFuture<Void>> late = cancelAll(requests, "the server shut down before the request finished (grace "
          + grace.toMillis() + " ms)");
      for (CompletableFuture<Void> end : late) {
        awaitQuietly(end);
      }
      for (CompletableFuture<Void> end : new ArrayList<>(sockets.values())) {
        awaitQuietly(end);
      }
      Async.toThread(() -> {
        jetty.stop();
        return null;
      });
      stopped.set();
    });
  }

  /** Cancels the tasks (thread-safe, whatever their loop); returns their ends. */
  private static List<CompletableFuture<Void>> cancelAll(Map<Task<?>, CompletableFuture<Void>> tasks, String why) {
    List<CompletableFuture<Void>> ends = new ArrayList<>();
    for (Map.Entry<Task<?>, CompletableFuture<Void>> t : new ArrayList<>(tasks.entrySet())) {
      t.getKey().cancel(why);
      ends.add(t.getValue());
    }
    return ends;
  }

  private static void awaitQuietly(CompletableFuture<Void> end) {
    try {
      Async.await(end);
    } catch (RuntimeException e) {
      // cancelled or failed: reported where it ended
    }
  }

  /** A task's end, completed on its own loop when it is done. */
  private static CompletableFuture<Void> endOf(Task<?> task) {
    CompletableFuture<Void> end = new CompletableFuture<>();
    task.addDoneCallback(t -> end.complete(null));
    return end;
  }

  /** The loop that serves the connection of {@code request}: chosen once, at its first request. */
  private Loop loopFor(Request request) {
    if (group == null) {
      return loop;
    }
    var connection = request.getConnectionMetaData();
    Object l = connection.getAttribute(LOOP_ATTRIBUTE);
    if (l instanceof Loop chosen) {
      return chosen;
    }
    synchronized (connection) { // HTTP/2 streams of one connection may arrive on several threads
      l = connection.getAttribute(LOOP_ATTRIBUTE);
      if (l instanceof Loop chosen) {
        return chosen;
      }
      Loop chosen = group.next();
      connection.setAttribute(LOOP_ATTRIBUTE, chosen);
      return chosen;
    }
  }

  static String nextRequestId() {
    return ID_PREFIX + "-" + Long.toString(IDS.incrementAndGet(), 36);
  }

  // ---------------------------------------------------------------------------------------------
  // Jetty side: runs on Jetty's threads, hands everything to the loop

  /** Jetty's handler: never blocks, so Jetty may call it on a selector thread. */
  private final class Dispatcher extends org.eclipse.jetty.server.Handler.Abstract.NonBlocking {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      String path = request.getHttpURI().getDecodedPath();
      if (path == null || path.isEmpty()) {
        path = "/";
      }
      Router.Match m = router.find(request.getMethod(), path);
      if (m.route() != null && m.route().webSocket() != null && isUpgrade(request)) {
        return upgrade(m, path, request, response, callback);
      }
      String p = path;
      try {
        Loop target = loopFor(request);
        target.callSoonThreadsafe(() -> startRequest(target, request, response, callback, m, p));
      } catch (LoopClosedException e) {
        unavailable(request, response, callback);
      }
      return true;
    }

    private boolean upgrade(Router.Match m, String path, Request request, Response response, Callback callback) {
      if (!accepting) {
        unavailable(request, response, callback);
        return true;
      }
      String id = nextRequestId();
      WebSocketHandler handler = m.route().webSocket();
      Loop target = loopFor(request);
      boolean upgraded = webSockets.upgrade((rq, rs, cb) -> new WebSocket(target, id,
          ws -> target.callSoonThreadsafe(() -> startSocket(target, ws, handler, path))).listener(),
          request, response, callback);
      if (!upgraded) {
        Response.writeError(request, response, callback, 400, "bad WebSocket upgrade request");
      }
      return true;
    }
  }

  private static boolean isUpgrade(Request request) {
    String upgrade = request.getHeaders().get(HttpHeader.UPGRADE);
    return (upgrade != null && upgrade.equalsIgnoreCase("websocket"))
        || "CONNECT".equals(request.getMethod()); // RFC 8441 over HTTP/2
  }

  private static void unavailable(Request request, Response response, Callback callback) {
    response.getHeaders().put(HttpHeader.CONNECTION, "close");
    Response.writeError(request, response, callback, 503, "the server is shutting down");
  }

  // ---------------------------------------------------------------------------------------------
  // Loop side

  private void startRequest(Loop target, Request request, Response response, Callback callback, Router.Match m, String path) {
    if (!accepting) {
      unavailable(request, response, callback);
      return;
    }
    String id = nextRequestId();
    WebRequest wr = new WebRequest(request, path, m, id, maxBodySize);
    Task<Void> task = target.createTask(() -> {
      Exchange.run(wr, request, response, callback, chain);
      return null;
    }, request.getMethod() + " " + path + " " + id);
    requests.put(task, endOf(task));
    task.addDoneCallback(t -> {
      requests.remove(task);
      CompletableFuture<Void> d = drained;
      if (requests.isEmpty() && d != null) {
        d.complete(null);
      }
    });
    request.addFailureListener(failure -> task.cancel("the request failed (client gone or idle): " + failure));
  }

  private void startSocket(Loop target, WebSocket ws, WebSocketHandler handler, String path) {
    if (!accepting) {
      ws.closeNow(1001, "the server is shutting down");
      return;
    }
    Task<Void> task = target.createTask(() -> {
      serveSocket(ws, handler);
      return null;
    }, "WebSocket " + path + " " + ws.id());
    sockets.put(task, endOf(task));
    task.addDoneCallback(t -> sockets.remove(task));
  }

  private static void serveSocket(WebSocket ws, WebSocketHandler handler) {
    try {
      handler.handle(ws);
      ws.closeNow(1000, "");
    } catch (CancelledException c) {
      ws.closeNow(1001, "the server is shutting down");
      throw c;
    } catch (WebSocketClosedException closed) {
      // the peer closed, or the connection broke: nothing is left to answer
    } catch (Throwable t) {
      ErrorResponses.LOG.log(Level.ERROR, "WebSocket id=" + ws.id() + ": handler failed", t);
      ws.closeNow(1011, "server error; id " + ws.id());
    }
  }

  @Override
  public String toString() {
    return "WebServer[" + uri() + ", " + (accepting ? "serving" : "shut down") + "]";
  }
}
