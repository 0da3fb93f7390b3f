package dev.jasyncio.web;

import dev.jasyncio.Async;
import dev.jasyncio.CancelScope;
import dev.jasyncio.Loop;
import dev.jasyncio.LoopClosedException;
import dev.jasyncio.Promise;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import dev.jasyncio.web.internal.SessionListener;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;

/**
 * One WebSocket connection, on the server ({@link WebApp#websocket}) or from
 * {@link WebSocketClient}; aiohttp's {@code WebSocketResponse} / Python {@code websockets}'
 * connection. It belongs to one loop and is used from its tasks:
 *
 * <pre>{@code
 * ws.send("hello");
 * WebSocketMessage reply = ws.receive();       // suspends the task until a message comes
 * for (WebSocketMessage m : ws) { ... }        // until the peer closes
 * ws.close(1000, "bye");
 * }</pre>
 *
 * <p>Flow control both ways: a message is read from the network only when a task asks for one
 * ({@link #receive()}), so a slow consumer slows the peer through TCP instead of buffering; and
 * {@link #send(String)} returns when Jetty has written the frame, so a slow peer suspends the
 * sender instead of letting messages pile up. Jetty answers pings it reads with pongs, and
 * enforces the message size limit (1009, message too big) and the idle timeout.
 */
public final class WebSocket implements Iterable<WebSocketMessage>, AutoCloseable {
  private final Loop loop;
  private final String id;
  private final Consumer<WebSocket> onOpen;
  private volatile Session session;
  // Loop-only state.
  private final ArrayDeque<WebSocketMessage> received = new ArrayDeque<>();
  private final ArrayDeque<Promise<Void>> pongWaiters = new ArrayDeque<>();
  private Promise<Void> arrival;
  private boolean demanding;
  private WebSocketClosedException closed;
  private Promise<Void> closeWaiter;

  WebSocket(Loop loop, String id, Consumer<WebSocket> onOpen) {
    this.loop = loop;
    this.id = id;
    this.onOpen = onOpen;
  }

  /**
   * An id for logs, also in a 1011 close reason so a failure can be found in the server's log.
   *
   * @return the id
   */
  public String id() {
    return id;
  }

  /**
   * Waits for the next data message. Pings and pongs are handled on the way.
   *
   * @return the message
   * @throws WebSocketClosedException when the connection is closed (normally or not), with the
   *     close code: 1000 normal, 1001 going away, 1006 broken, 1009 too big
   */
  public WebSocketMessage receive() {
    while (received.isEmpty()) {
      if (closed != null) {
        throw closed;
      }
      demand();
      arrival = loop.createPromise();
      try {
        arrival.await();
      } finally {
        arrival = null;
      }
    }
    return received.poll();
  }

  /**
   * Receives a text message; a binary one is decoded as UTF-8.
   *
   * @return the text
   */
  public String receiveText() {
    return receive().asText();
  }

  /**
   * The messages until the peer closes: for-each over a connection is Python's
   * {@code async for message in websocket}. The iteration ends at any close; read the code with
   * {@link #closeCode()}.
   *
   * @return an iterator that suspends in {@code hasNext()}
   */
  @Override
  public Iterator<WebSocketMessage> iterator() {
    return new Iterator<>() {
      private WebSocketMessage next;

      @Override
      public boolean hasNext() {
        if (next == null) {
          try {
            next = receive();
          } catch (WebSocketClosedException e) {
            return false;
          }
        }
        return true;
      }

      @Override
      public WebSocketMessage next() {
        if (!hasNext()) {
          throw new NoSuchElementException("the WebSocket is closed: " + closed.code());
        }
        WebSocketMessage m = next;
        next = null;
        return m;
      }
    };
  }

  /**
   * Sends a text message, suspending until Jetty has written it (back-pressure).
   *
   * @param text the message
   * @throws WebSocketClosedException if the connection is closed
   */
  public void send(String text) {
    checkOpen();
    Callback.Completable done = new Callback.Completable();
    session.sendText(text, done);
    awaitSent(done);
  }

  /**
   * Sends a binary message, suspending until Jetty has written it.
   *
   * @param data the message
   * @throws WebSocketClosedException if the connection is closed
   */
  public void send(byte[] data) {
    checkOpen();
    Callback.Completable done = new Callback.Completable();
    session.sendBinary(ByteBuffer.wrap(data), done);
    awaitSent(done);
  }

  /**
   * Sends a message as it came: text as text, binary as binary (an echo is
   * {@code for (var m : ws) ws.send(m);}).
   *
   * @param message the message
   */
  public void send(WebSocketMessage message) {
    if (message.isText()) {
      send(message.text());
    } else {
      send(message.data());
    }
  }

  /**
   * Sends a ping and waits for the peer's pong; Python {@code websockets}' {@code await ping()}.
   * Messages that arrive meanwhile are kept for {@link #receive()}. Wrap it in
   * {@code Async.timeout} to bound the wait.
   *
   * @param payload at most 125 bytes
   * @throws WebSocketClosedException if the connection closes first
   */
  public void ping(byte[] payload) {
    if (payload.length > 125) {
      throw new IllegalArgumentException("a ping payload is at most 125 bytes, not " + payload.length);
    }
    checkOpen();
    Promise<Void> pong = loop.createPromise();
    pongWaiters.add(pong);
    Callback.Completable done = new Callback.Completable();
    session.sendPing(ByteBuffer.wrap(payload), done);
    try {
      awaitSent(done);
      demand();
      pong.await();
    } finally {
      pongWaiters.remove(pong);
    }
  }

  /**
   * Closes with a code and reason and waits (up to 10 s) for the peer's close; closing a closed
   * connection does nothing.
   *
   * @param code the close code, for example 1000 (normal) or 4000-4999 for the application's own
   * @param reason a short reason, at most 123 bytes of UTF-8
   */
  public void close(int code, String reason) {
    if (closed != null || session == null) {
      return;
    }
    Callback.Completable done = new Callback.Completable();
    session.close(code, reason, done);
    try {
      awaitSent(done);
      if (closed == null) {
        closeWaiter = loop.createPromise();
        demand(); // the peer's close frame must be read
        CancelScope.moveOnAfter(Duration.ofSeconds(10), closeWaiter::await);
      }
    } catch (WebSocketClosedException e) {
      // closed meanwhile
    }
    if (closed == null) {
      session.disconnect();
    }
  }

  /** Closes normally (1000). */
  @Override
  public void close() {
    close(StatusCode.NORMAL, "");
  }

  /**
   * Whether the connection is still open (no close received or sent).
   *
   * @return true while open
   */
  public boolean isOpen() {
    return closed == null && session != null && session.isOpen();
  }

  /**
   * The close code, once closed.
   *
   * @return the code, or -1 while open
   */
  public int closeCode() {
    return closed == null ? -1 : closed.code();
  }

  /**
   * The close reason, once closed.
   *
   * @return the reason, or {@code null} while open
   */
  public String closeReason() {
    return closed == null ? null : closed.reason();
  }

  /** Starts a close without waiting: for a task that is ending or cancelled. */
  void closeNow(int code, String reason) {
    Session s = session;
    if (s != null && s.isOpen()) {
      s.close(code, reason, Callback.NOOP);
    }
  }

  private void checkOpen() {
    if (closed != null) {
      throw closed;
    }
  }

  private void awaitSent(CompletableFuture<Void> done) {
    try {
      Exchange.awaitJetty(done);
    } catch (WebSocketClosedException e) {
      throw e;
    } catch (RuntimeException e) {
      if (e instanceof dev.jasyncio.CancelledException) {
        throw e;
      }
      throw closed != null ? closed : new WebSocketClosedException(StatusCode.ABNORMAL, "send failed: " + e, e);
    }
  }

  private void demand() {
    if (!demanding && closed == null) {
      demanding = true;
      session.demand();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Events from Jetty's threads, each handed to the loop in order

  void opened(Session s) {
    session = s;
  }

  Session.Listener listener() {
    return new SessionListener(new Bridge());
  }

  private void post(Runnable r) {
    try {
      loop.callSoonThreadsafe(r);
    } catch (LoopClosedException e) {
      Session s = session;
      if (s != null) {
        s.disconnect();
      }
    }
  }

  private void onMessage(WebSocketMessage m) {
    demanding = false;
    received.add(m);
    wake();
    if (!pongWaiters.isEmpty() || closeWaiter != null) {
      demand(); // a pong or the peer's close is still awaited: keep reading
    }
  }

  private void onControl(boolean pong) {
    demanding = false;
    if (pong && !pongWaiters.isEmpty()) {
      pongWaiters.peek().setResult(null);
    }
    if (arrival != null || !pongWaiters.isEmpty() || closeWaiter != null) {
      demand(); // someone still waits for the network
    }
  }

  private void onClosed(int code, String reason, Throwable cause) {
    if (closed == null) {
      closed = new WebSocketClosedException(code, reason, cause);
    }
    for (Promise<Void> p : pongWaiters) {
      if (!p.isDone()) {
        p.setException(closed);
      }
    }
    if (closeWaiter != null && !closeWaiter.isDone()) {
      closeWaiter.setResult(null);
    }
    wake();
  }

  private void wake() {
    if (arrival != null && !arrival.isDone()) {
      arrival.setResult(null);
    }
    arrival = null; // the receiver finds the message; no further demand on its behalf
  }

  /** Jetty's events, each handed to the loop in order. */
  private final class Bridge implements SessionListener.Events {
    @Override
    public void open(Session s) {
      session = s;
      if (onOpen != null) {
        onOpen.accept(WebSocket.this);
      }
    }

    @Override
    public void text(String text) {
      post(() -> onMessage(WebSocketMessage.text(text)));
    }

    @Override
    public void binary(byte[] data) {
      post(() -> onMessage(WebSocketMessage.binary(data)));
    }

    @Override
    public void control(boolean pong) {
      post(() -> onControl(pong));
    }

    @Override
    public void closed(int code, String reason, Throwable cause) {
      post(() -> onClosed(code, reason, cause));
    }
  }

  @Override
  public String toString() {
    return "WebSocket[" + id + (closed == null ? ", open]" : ", closed " + closed.code() + "]");
  }
}
