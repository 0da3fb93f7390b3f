package dev.jasyncio.http;

import java.net.URI;

/**
 * The response body ended early: the connection closed before the {@code Content-Length} (or
 * the last chunk) arrived; aiohttp's {@code ClientPayloadError}, httpx's
 * {@code RemoteProtocolError}. The bytes read so far are counted in the message.
 */
public class TruncatedBodyException extends HttpException {
  private final long received;
  private final long expected;

  /**
   * Creates the error.
   *
   * @param received body bytes that arrived
   * @param expected the announced length, or -1 if unknown (chunked)
   * @param url the request's URL
   * @param cause the underlying failure
   */
  public TruncatedBodyException(long received, long expected, URI url, Throwable cause) {
    super("response body ended after " + received + " bytes"
        + (expected >= 0 ? " of the " + expected + " announced" : ", before its last chunk"), url, cause);
    this.received = received;
    this.expected = expected;
  }

  /**
   * How many body bytes arrived before the end.
   *
   * @return the count
   */
  public long received() {
    return received;
  }

  /**
   * The {@code Content-Length} the response announced, or -1 if it had none.
   *
   * @return the announced length
   */
  public long expected() {
    return expected;
  }
}
