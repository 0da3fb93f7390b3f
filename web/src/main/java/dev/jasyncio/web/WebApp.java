package dev.jasyncio.web;

import dev.jasyncio.Async;
import dev.jasyncio.LoopGroup;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A web application: routes, middleware and limits; aiohttp.web's {@code Application}. Every
 * request runs as a task on the loop of the task that {@linkplain #start(String, int) starts} the
 * server (or, {@linkplain #start(LoopGroup, String, int) on a group}, on its connection's loop), so handlers are plain blocking-style code that may sleep, await or take a semaphore
 * while the loop serves every other request.
 *
 * <pre>{@code
 * WebApp app = new WebApp()
 *     .use(Middleware.accessLog())
 *     .get("/", request -> WebResponse.html("<h1>hello</h1>"))
 *     .get("/users/{id}", request -> WebResponse.json("{\"id\": \"" + request.pathParam("id") + "\"}"))
 *     .websocket("/ws/echo", ws -> { for (WebSocketMessage m : ws) ws.send(m); })
 *     .maxBodySize(1 << 20)
 *     .requestTimeout(Duration.ofSeconds(30));
 * Async.run(() -> {
 *   try (WebServer server = app.start("127.0.0.1", 8080)) {
 *     server.awaitShutdown();      // until Ctrl-C cancels the main task, then a graceful stop
 *   }
 * });
 * }</pre>
 *
 * <p>Requests that match no route get 404 (405 with {@code Allow} if only the method is wrong);
 * a body larger than {@link #maxBodySize(long)} gets 413; a handler that outlives
 * {@link #requestTimeout(Duration)} is cancelled and answered 503; a handler's own
 * {@link dev.jasyncio.TimeoutException} (an upstream that did not answer) becomes 504; any other
 * exception 500 with the request id, its stack logged and never sent. Jetty answers malformed
 * requests with 400 itself. A client that goes away cancels its request's task.
 *
 * <p>Configure the app before starting it; a started server keeps its own copy of the routes.
 */
public final class WebApp {
  final Router router = new Router();
  final List<Middleware> middleware = new ArrayList<>();
  long maxBodySize = 1 << 20;
  Duration requestTimeout = Duration.ofSeconds(60);
  Duration idleTimeout = Duration.ofSeconds(30);
  Duration shutdownGrace = Duration.ofSeconds(10);
  long maxMessageSize = 1 << 20;
  int acceptQueueSize = 1024;

  /** An app with no routes, a 1 MiB body limit and a 60 s request timeout. */
  public WebApp() {}

  /**
   * Adds a route for {@code method}. Patterns: {@code /users/{id}} binds one segment, a last
   * {@code /files/{path...}} binds the rest of the path; read them with
   * {@link WebRequest#pathParam(String)}. A {@code GET} route also answers {@code HEAD}.
   *
   * @param method the HTTP method, for example {@code "PUT"}
   * @param pattern the path pattern
   * @param handler the handler
   * @return this app
   * @throws IllegalArgumentException if the pattern is malformed
   */
  public WebApp route(String method, String pattern, Handler handler) {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(handler, "handler");
    router.add(method.toUpperCase(java.util.Locale.ROOT), pattern, handler, null);
    return this;
  }

  /**
   * Adds a {@code GET} route.
   *
   * @param pattern the path pattern
   * @param handler the handler
   * @return this app
   */
  public WebApp get(String pattern, Handler handler) {
    return route("GET", pattern, handler);
  }

  /**
   * Adds a {@code POST} route.
   *
   * @param pattern the path pattern
   * @param handler the handler
   * @return this app
   */
  public WebApp post(String pattern, Handler handler) {
    return route("POST", pattern, handler);
  }

  /**
   * Adds a {@code PUT} route.
   *
   * @param pattern the path pattern
   * @param handler the handler
   * @return this app
   */
  public WebApp put(String pattern, Handler handler) {
    return route("PUT", pattern, handler);
  }

  /**
   * Adds a {@code DELETE} route.
   *
   * @param pattern the path pattern
   * @param handler the handler
   * @return this app
   */
  public WebApp delete(String pattern, Handler handler) {
    return route("DELETE", pattern, handler);
  }

  /**
   * Adds a WebSocket route: an upgrade request to {@code pattern} opens a connection served by
   * {@code handler} in a task of its own.
   *
   * @param pattern the path pattern
   * @param handler serves each connection
   * @return this app
   */
  public WebApp websocket(String pattern, WebSocketHandler handler) {
    Objects.requireNonNull(handler, "handler");
    router.add("GET", pattern, null, handler);
    return this;
  }

  /**
   * Serves the files under {@code directory} at {@code prefix}: {@code staticFiles("/static",
   * dir)} answers {@code GET /static/css/site.css} with {@code dir/css/site.css}, its media type
   * from the file name. Paths that leave the directory, and directories, are 404. Files are
   * read off the loop.
   *
   * @param prefix the URL prefix, for example {@code "/static"}
   * @param directory the directory
   * @return this app
   */
  public WebApp staticFiles(String prefix, Path directory) {
    Objects.requireNonNull(directory, "directory");
    String p = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
    return get(p + "/{path...}", new StaticFiles(directory));
  }

  /**
   * Adds a middleware; the first added is the outermost (it sees the request first and the
   * response last).
   *
   * @param m the middleware
   * @return this app
   */
  public WebApp use(Middleware m) {
    middleware.add(Objects.requireNonNull(m, "middleware"));
    return this;
  }

  /**
   * The largest request body {@link WebRequest#body()} accepts; larger ones get 413.
   *
   * @param bytes the limit, at least 0 (1 MiB by default)
   * @return this app
   */
  public WebApp maxBodySize(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("maxBodySize must be at least 0: " + bytes);
    }
    this.maxBodySize = bytes;
    return this;
  }

  /**
   * How long a handler may take; past it the handler's task is cancelled and the client gets 503.
   *
   * @param timeout a positive duration (60 s by default)
   * @return this app
   */
  public WebApp requestTimeout(Duration timeout) {
    this.requestTimeout = positive(timeout, "requestTimeout");
    return this;
  }

  /**
   * How long a connection may stay silent (mid-request or between keep-alive requests) before
   * Jetty closes it; this is what ends a slowloris client.
   *
   * @param timeout a positive duration (30 s by default)
   * @return this app
   */
  public WebApp idleTimeout(Duration timeout) {
    this.idleTimeout = positive(timeout, "idleTimeout");
    return this;
  }

  /**
   * How long {@link WebServer#close()} lets in-flight requests finish before cancelling them.
   *
   * @param grace a positive duration (10 s by default)
   * @return this app
   */
  public WebApp shutdownGrace(Duration grace) {
    this.shutdownGrace = positive(grace, "shutdownGrace");
    return this;
  }

  /**
   * The largest WebSocket message (text or binary) a connection accepts; a larger one closes it
   * with 1009 (message too big).
   *
   * @param bytes the limit, positive (1 MiB by default)
   * @return this app
   */
  public WebApp maxMessageSize(long bytes) {
    if (bytes <= 0) {
      throw new IllegalArgumentException("maxMessageSize must be positive: " + bytes);
    }
    this.maxMessageSize = bytes;
    return this;
  }

  /**
   * The listen backlog: connections the kernel queues before the server accepts them.
   *
   * @param size the backlog, positive (1024 by default; the kernel may cap it)
   * @return this app
   */
  public WebApp acceptQueueSize(int size) {
    if (size <= 0) {
      throw new IllegalArgumentException("acceptQueueSize must be positive: " + size);
    }
    this.acceptQueueSize = size;
    return this;
  }

  /**
   * Starts serving on {@code host:port} (port 0 picks a free one) with HTTP/1.1 and cleartext
   * HTTP/2 (prior knowledge or upgrade). Must be called from a task: every request runs as a
   * task on that task's loop.
   *
   * @param host the address to bind, for example {@code "127.0.0.1"}
   * @param port the port, or 0
   * @return the running server
   * @throws java.io.UncheckedIOException if the port cannot be bound
   */
  public WebServer start(String host, int port) {
    return WebServer.start(this, Async.currentLoop(), null, host, port);
  }

  /**
   * Starts serving on {@code host:port} with every loop of {@code group}: each connection is
   * given to a loop of the group (by the group's placement) as its first request arrives, and
   * all its requests and WebSockets run there, so requests on different connections run in
   * parallel. Call from a task (of any loop); the returned server's
   * {@link WebServer#close() close} and {@link WebServer#awaitShutdown() awaitShutdown} belong
   * to that task's loop.
   *
   * <pre>{@code
   * try (LoopGroup group = LoopGroup.builder().build()) {
   *   Async.run(() -> {
   *     try (WebServer server = app.start(group, "127.0.0.1", 8080)) {
   *       server.awaitShutdown();
   *     }
   *   });
   * }
   * }</pre>
   *
   * @param group the loops requests run on
   * @param host the address to bind
   * @param port the port, or 0
   * @return the running server
   * @throws java.io.UncheckedIOException if the port cannot be bound
   */
  public WebServer start(LoopGroup group, String host, int port) {
    Objects.requireNonNull(group, "group");
    if (group.isClosed()) {
      throw new dev.jasyncio.LoopClosedException("WebApp.start: the loop group " + group.name() + " is closed");
    }
    return WebServer.start(this, Async.currentLoop(), group, host, port);
  }

  private static Duration positive(Duration d, String what) {
    Objects.requireNonNull(d, what);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be positive: " + d);
    }
    return d;
  }
}
