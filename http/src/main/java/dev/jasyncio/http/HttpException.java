package dev.jasyncio.http;

import java.net.URI;

/**
 * Base of every error an {@link HttpSession} throws: unchecked, named after what went wrong,
 * naming the URL, and keeping the cause (OkHttp's or the JDK's exception) for the details.
 * aiohttp's {@code ClientError}, httpx's {@code HTTPError}.
 *
 * <pre>{@code
 * try (HttpResponse r = session.get(url)) {
 *   r.raiseForStatus();
 * } catch (HttpStatusException e) {      // 4xx / 5xx
 * } catch (HttpTimeoutException e) {     // e.kind(): CONNECT, READ, WRITE or TOTAL
 * } catch (HttpException e) {            // anything else: refused, reset, truncated, ...
 * }
 * }</pre>
 */
public class HttpException extends RuntimeException {
  private final URI url;

  /**
   * Creates the error.
   *
   * @param message what went wrong (the URL is appended)
   * @param url the request's URL
   * @param cause the underlying failure, or null
   */
  public HttpException(String message, URI url, Throwable cause) {
    super(message + " (" + url + ")", cause);
    this.url = url;
  }

  /**
   * The URL of the request that failed (after redirects, the hop that failed).
   *
   * @return the URL
   */
  public URI url() {
    return url;
  }
}
