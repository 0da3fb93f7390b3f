package dev.jasyncio.http;

import java.net.URI;
import java.util.List;

/**
 * A request was redirected more often than the session's limit allows
 * ({@link HttpSession.Builder#maxRedirects(int)}), which catches redirect loops; aiohttp's
 * {@code TooManyRedirects}, httpx's {@code TooManyRedirects}.
 */
public class TooManyRedirectsException extends HttpException {
  private final List<URI> chain;

  /**
   * Creates the error.
   *
   * @param chain every URL visited, in order, the first being the one requested
   * @param limit the redirect limit
   */
  public TooManyRedirectsException(List<URI> chain, int limit) {
    super("more than " + limit + " redirects: " + chain, chain.getFirst(), null);
    this.chain = List.copyOf(chain);
  }

  /**
   * The URLs visited, in order, starting with the one requested.
   *
   * @return the chain
   */
  public List<URI> chain() {
    return chain;
  }
}
