package dev.jasyncio.http;

import java.net.URI;

/**
 * The connection failed: the host name did not resolve, the peer refused or reset the
 * connection, or closed it before answering. aiohttp's {@code ClientConnectorError} /
 * {@code ServerDisconnectedError}, httpx's {@code ConnectError}. {@link #reason()} says which; a
 * request that fails like this may be retried ({@link RetryPolicy}).
 */
public class HttpConnectException extends HttpException {
  /** How the connection failed. */
  public enum Reason {
    /** The host name did not resolve. */
    DNS,
    /** Nobody listens on the port. */
    REFUSED,
    /** The peer reset or closed the connection during the exchange. */
    RESET,
    /** Another I/O failure of the connection (TLS handshake, protocol error, ...). */
    OTHER
  }

  private final Reason reason;

  /**
   * Creates the error.
   *
   * @param reason how it failed
   * @param message what happened
   * @param url the request's URL
   * @param cause the underlying failure
   */
  public HttpConnectException(Reason reason, String message, URI url, Throwable cause) {
    super(message, url, cause);
    this.reason = reason;
  }

  /**
   * How the connection failed.
   *
   * @return the reason
   */
  public Reason reason() {
    return reason;
  }
}
