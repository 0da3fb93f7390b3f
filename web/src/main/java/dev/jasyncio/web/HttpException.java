package dev.jasyncio.web;

/**
 * Ends a request with an HTTP error status; aiohttp's {@code web.HTTPException}. Its message is
 * sent as the body, so it must be fit for the client to read.
 *
 * <pre>{@code
 * if (user == null) throw new HttpException(404, "no user " + id);
 * }</pre>
 */
public class HttpException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;

  /**
   * An error answer.
   *
   * @param status the HTTP status, 400 to 599
   * @param message the body sent to the client
   * @throws IllegalArgumentException if {@code status} is not an error status
   */
  public HttpException(int status, String message) {
    super(message);
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("HttpException needs an error status (400-599), not " + status);
    }
    this.status = status;
  }

  /**
   * The HTTP status.
   *
   * @return the status
   */
  public int status() {
    return status;
  }
}
