package dev.jasyncio.http;

import java.net.URI;

/**
 * A response whose status is 4xx or 5xx, thrown by {@link HttpResponse#raiseForStatus()};
 * aiohttp's {@code ClientResponseError}, httpx's {@code HTTPStatusError}. It carries the status,
 * the URL and the start of the body (the server's explanation, usually).
 */
public class HttpStatusException extends HttpException {
  private final int status;
  private final String bodyExcerpt;

  /**
   * Creates the error.
   *
   * @param status the response's status code
   * @param url the URL that answered
   * @param bodyExcerpt the start of the response body, as text (may be empty)
   */
  public HttpStatusException(int status, URI url, String bodyExcerpt) {
    super("HTTP " + status + (bodyExcerpt.isEmpty() ? "" : ": " + bodyExcerpt), url, null);
    this.status = status;
    this.bodyExcerpt = bodyExcerpt;
  }

  /**
   * The status code, such as 404 or 503.
   *
   * @return the status
   */
  public int status() {
    return status;
  }

  /**
   * The start of the response body as text (at most {@value HttpResponse#EXCERPT_CHARS}
   * characters), empty if there was none.
   *
   * @return the excerpt
   */
  public String bodyExcerpt() {
    return bodyExcerpt;
  }
}
