package dev.jasyncio.web.internal;

import java.nio.ByteBuffer;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * Jetty's WebSocket listener for {@code dev.jasyncio.web.WebSocket}, in explicit-demand mode:
 * Jetty reads the next frame only after {@code session.demand()}. Jetty reaches the listener by
 * reflection, so it is a public class in a package exported only to Jetty; not part of the API.
 */
public final class SessionListener implements Session.Listener {
  /** Where the events go; every method is called on a Jetty thread. */
  public interface Events {
    /**
     * The connection is open.
     *
     * @param session Jetty's session
     */
    void open(Session session);

    /**
     * A whole text message.
     *
     * @param text the message
     */
    void text(String text);

    /**
     * A whole binary message.
     *
     * @param data a copy of its bytes
     */
    void binary(byte[] data);

    /**
     * A ping (the pong is sent already) or a pong.
     *
     * @param pong true for a pong
     */
    void control(boolean pong);

    /**
     * The connection closed.
     *
     * @param code the close code
     * @param reason the reason
     * @param cause the failure, or null for a close handshake
     */
    void closed(int code, String reason, Throwable cause);
  }

  private static final byte[] NO_BYTES = new byte[0];
  private final Events events;
  private volatile Session session;

  /**
   * A listener that forwards to {@code events}.
   *
   * @param events the receiver
   */
  public SessionListener(Events events) {
    this.events = events;
  }

  @Override
  public void onWebSocketOpen(Session s) {
    session = s;
    events.open(s);
  }

  @Override
  public void onWebSocketText(String message) {
    events.text(message);
  }

  @Override
  public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
    byte[] data = payload.remaining() == 0 ? NO_BYTES : new byte[payload.remaining()];
    payload.get(data);
    callback.succeed();
    events.binary(data);
  }

  @Override
  public void onWebSocketPing(ByteBuffer payload) {
    Session s = session;
    if (s != null) {
      s.sendPong(payload, Callback.NOOP);
    }
    events.control(false);
  }

  @Override
  public void onWebSocketPong(ByteBuffer payload) {
    events.control(true);
  }

  @Override
  public void onWebSocketError(Throwable cause) {
    events.closed(1006, String.valueOf(cause.getMessage()), cause);
  }

  @Override
  public void onWebSocketClose(int statusCode, String reason) {
    events.closed(statusCode, reason, null);
  }
}
