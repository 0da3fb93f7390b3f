package dev.jasyncio.http;

import java.net.URI;
import java.time.Duration;

/**
 * A timeout of an {@link HttpSession} fired; {@link #kind()} says which. httpx's
 * {@code ConnectTimeout} / {@code ReadTimeout} / {@code WriteTimeout}, aiohttp's
 * {@code ServerTimeoutError}. (A jasyncio timeout scope around a request, such as
 * {@code Async.timeout}, is a cancellation instead and throws the core's
 * {@link dev.jasyncio.TimeoutException}.)
 */
public class HttpTimeoutException extends HttpException {
  /** Which timeout fired. */
  public enum Kind {
    /** The TCP (and TLS) connection was not set up in time. */
    CONNECT,
    /** No byte arrived for the idle read timeout: waiting for the headers or inside the body. */
    READ,
    /** The peer did not take the request's bytes for the write timeout. */
    WRITE,
    /** The whole exchange, body included, took longer than the total timeout. */
    TOTAL
  }

  private final Kind kind;
  private final Duration timeout;

  /**
   * Creates the error.
   *
   * @param kind which timeout
   * @param timeout its setting
   * @param url the request's URL
   * @param cause the underlying failure, or null
   */
  public HttpTimeoutException(Kind kind, Duration timeout, URI url, Throwable cause) {
    super(kind.name().toLowerCase(java.util.Locale.ROOT) + " timeout of " + timeout + " passed", url, cause);
    this.kind = kind;
    this.timeout = timeout;
  }

  /**
   * Which timeout fired.
   *
   * @return the kind
   */
  public Kind kind() {
    return kind;
  }

  /**
   * The timeout setting that passed.
   *
   * @return the duration
   */
  public Duration timeout() {
    return timeout;
  }
}
