package dev.jasyncio.web;

/**
 * The WebSocket connection is closed: receiving or sending on it fails with the close code and
 * reason; Python {@code websockets}' {@code ConnectionClosed}. Codes are RFC 6455's: 1000 normal,
 * 1001 going away, 1006 closed without a close frame, 1009 message too big, 1011 server error.
 */
public class WebSocketClosedException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int code;
  private final String reason;

  /**
   * A closed connection.
   *
   * @param code the close code
   * @param reason the close reason, possibly empty
   * @param cause what closed it abnormally, or {@code null}
   */
  public WebSocketClosedException(int code, String reason, Throwable cause) {
    super("WebSocket closed: " + code + (reason == null || reason.isEmpty() ? "" : " " + reason), cause);
    this.code = code;
    this.reason = reason == null ? "" : reason;
  }

  /**
   * The close code.
   *
   * @return the code
   */
  public int code() {
    return code;
  }

  /**
   * The close reason.
   *
   * @return the reason, possibly empty
   */
  public String reason() {
    return reason;
  }
}
