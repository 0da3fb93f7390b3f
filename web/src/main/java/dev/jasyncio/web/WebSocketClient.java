package dev.jasyncio.web;

import dev.jasyncio.Async;
import dev.jasyncio.Loop;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.websocket.api.Session;

/**
 * Opens WebSocket connections to any server (Jetty's client underneath; one client shares its
 * threads and buffers among its connections); Python {@code websockets.connect}. Use it from a
 * task; the connections it opens belong to that task's loop.
 *
 * <pre>{@code
 * try (WebSocketClient client = new WebSocketClient()) {
 *   WebSocket ws = client.connect(URI.create("ws://127.0.0.1:8765/"));
 *   ws.send("hello");
 *   System.out.println(ws.receiveText());
 *   ws.close();
 * }
 * }</pre>
 */
public final class WebSocketClient implements AutoCloseable {
  private final org.eclipse.jetty.websocket.client.WebSocketClient jetty =
      new org.eclipse.jetty.websocket.client.WebSocketClient();
  private boolean started;
  private boolean closed;

  /** A client with a 1 MiB message limit, a 30 s idle timeout and a 10 s connect timeout. */
  public WebSocketClient() {
    jetty.setMaxTextMessageSize(1 << 20);
    jetty.setMaxBinaryMessageSize(1 << 20);
    jetty.setIdleTimeout(Duration.ofSeconds(30));
    jetty.setConnectTimeout(10_000);
  }

  /**
   * The largest message a connection accepts; a larger one closes it with 1009.
   *
   * @param bytes the limit, positive
   * @return this client
   */
  public WebSocketClient maxMessageSize(long bytes) {
    if (bytes <= 0) {
      throw new IllegalArgumentException("maxMessageSize must be positive: " + bytes);
    }
    jetty.setMaxTextMessageSize(bytes);
    jetty.setMaxBinaryMessageSize(bytes);
    return this;
  }

  /**
   * How long a connection may stay silent before it is closed.
   *
   * @param timeout a positive duration
   * @return this client
   */
  public WebSocketClient idleTimeout(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    jetty.setIdleTimeout(timeout);
    return this;
  }

  /**
   * Opens a connection and completes the opening handshake; the calling task suspends meanwhile.
   *
   * @param uri a {@code ws://} or {@code wss://} URI
   * @return the open connection, owned by the calling task's loop
   * @throws WebSocketClosedException if the server refuses the upgrade or cannot be reached
   *     (code 1006, the cause says why)
   */
  public WebSocket connect(URI uri) {
    Objects.requireNonNull(uri, "uri");
    String scheme = uri.getScheme();
    if (!"ws".equals(scheme) && !"wss".equals(scheme)) {
      throw new IllegalArgumentException("a WebSocket URI starts with ws:// or wss://, not " + uri);
    }
    if (closed) {
      throw new IllegalStateException("this WebSocketClient is closed");
    }
    Loop loop = Async.currentLoop();
    if (!started) {
      Async.blocking(() -> {
        jetty.start();
        return null;
      });
      started = true;
    }
    WebSocket ws = new WebSocket(loop, "client-" + WebServer.nextRequestId(), null);
    CompletableFuture<Session> opening;
    try {
      opening = jetty.connect(ws.listener(), uri);
    } catch (java.io.IOException e) {
      throw new WebSocketClosedException(1006, "cannot connect to " + uri + ": " + e.getMessage(), e);
    }
    Session session;
    try {
      session = Async.await(opening);
    } catch (dev.jasyncio.CancelledException c) {
      throw c;
    } catch (RuntimeException e) {
      throw new WebSocketClosedException(1006, "cannot connect to " + uri + ": " + e.getMessage(), e);
    }
    ws.opened(session);
    return ws;
  }

  /** Stops the client and closes its connections. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (started) {
      Async.toThread(() -> {
        jetty.stop();
        return null;
      });
    }
  }
}
