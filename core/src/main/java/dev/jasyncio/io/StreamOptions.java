package dev.jasyncio.io;

import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * Options for a stream connection or server: buffer limit, write-buffer marks, TLS, the TLS
 * handshake timeout and the name resolver. Immutable; each {@code with} method returns a changed
 * copy.
 *
 * <pre>{@code
 * StreamOptions tls = StreamOptions.defaults().withTls();              // the JDK's trust store
 * StreamOptions mine = StreamOptions.defaults().withTls(sslContext)    // your own trust/keys
 *     .withServerHostname("example.org");
 * }</pre>
 *
 * @param limit the reader's buffer limit ({@link StreamReader#limit()})
 * @param highWater the writer's high-water mark ({@link StreamWriter#drain()})
 * @param lowWater the writer's low-water mark
 * @param sslContext the TLS context, or {@code null} for plain TCP
 * @param serverHostname the name a TLS client sends (SNI) and verifies the certificate against;
 *     {@code null} means the host connected to
 * @param backlog a server's listen backlog
 * @param sslHandshakeTimeout how long a TLS handshake may take before the connection is closed
 *     (asyncio's {@code ssl_handshake_timeout}, 60 s by default); a server counts from accept
 * @param resolver how host names become addresses, off the loop
 */
public record StreamOptions(int limit, long highWater, long lowWater, SSLContext sslContext,
    String serverHostname, int backlog, Duration sslHandshakeTimeout, Resolver resolver) {
  /** asyncio's default TLS handshake timeout. */
  private static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(60);

  /** Checks the values. */
  public StreamOptions {
    if (limit <= 0) {
      throw new IllegalArgumentException("limit must be positive, not " + limit);
    }
    if (lowWater < 0 || highWater < lowWater) {
      throw new IllegalArgumentException(
          "need 0 <= lowWater <= highWater, not high=" + highWater + " low=" + lowWater);
    }
    if (backlog <= 0) {
      throw new IllegalArgumentException("backlog must be positive, not " + backlog);
    }
    Objects.requireNonNull(sslHandshakeTimeout, "sslHandshakeTimeout");
    if (sslHandshakeTimeout.isNegative() || sslHandshakeTimeout.isZero()) {
      throw new IllegalArgumentException("sslHandshakeTimeout must be positive, not " + sslHandshakeTimeout);
    }
    Objects.requireNonNull(resolver, "resolver");
  }

  /**
   * The options as they were before the handshake timeout and the resolver: those get their
   * defaults.
   *
   * @param limit the reader's buffer limit
   * @param highWater the writer's high-water mark
   * @param lowWater the writer's low-water mark
   * @param sslContext the TLS context, or {@code null}
   * @param serverHostname the TLS server name, or {@code null}
   * @param backlog a server's listen backlog
   */
  public StreamOptions(int limit, long highWater, long lowWater, SSLContext sslContext,
      String serverHostname, int backlog) {
    this(limit, highWater, lowWater, sslContext, serverHostname, backlog, DEFAULT_HANDSHAKE_TIMEOUT,
        Resolver.system());
  }

  /**
   * asyncio's defaults: 64 KiB limit, 64 KiB / 16 KiB water marks, no TLS, backlog 1024, a 60 s
   * TLS handshake timeout, {@link Resolver#system()}.
   *
   * @return the defaults
   */
  public static StreamOptions defaults() {
    return new StreamOptions(StreamReader.DEFAULT_LIMIT, 64 * 1024, 16 * 1024, null, null, 1024);
  }

  /**
   * With another reader limit.
   *
   * @param limit bytes, positive
   * @return the changed options
   */
  public StreamOptions withLimit(int limit) {
    return new StreamOptions(limit, highWater, lowWater, sslContext, serverHostname, backlog,
        sslHandshakeTimeout, resolver);
  }

  /**
   * With other write-buffer marks.
   *
   * @param high the high-water mark
   * @param low the low-water mark
   * @return the changed options
   */
  public StreamOptions withWriteBufferLimits(long high, long low) {
    return new StreamOptions(limit, high, low, sslContext, serverHostname, backlog,
        sslHandshakeTimeout, resolver);
  }

  /**
   * With TLS using the JDK's default context: the peer's certificate is verified against the
   * JDK's trust store, and a client checks that it names the host.
   *
   * @return the changed options
   */
  public StreamOptions withTls() {
    try {
      return withTls(SSLContext.getDefault());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JDK has no default TLS context", e);
    }
  }

  /**
   * With TLS using {@code context} (its trust managers decide which certificates are trusted; a
   * server's key managers supply its certificate).
   *
   * @param context the TLS context
   * @return the changed options
   */
  public StreamOptions withTls(SSLContext context) {
    return new StreamOptions(limit, highWater, lowWater, Objects.requireNonNull(context, "context"),
        serverHostname, backlog, sslHandshakeTimeout, resolver);
  }

  /**
   * With the name a TLS client sends as SNI and verifies the certificate against.
   *
   * @param name the host name
   * @return the changed options
   */
  public StreamOptions withServerHostname(String name) {
    return new StreamOptions(limit, highWater, lowWater, sslContext, name, backlog,
        sslHandshakeTimeout, resolver);
  }

  /**
   * With another listen backlog for servers.
   *
   * @param backlog pending connections the OS queues
   * @return the changed options
   */
  public StreamOptions withBacklog(int backlog) {
    return new StreamOptions(limit, highWater, lowWater, sslContext, serverHostname, backlog,
        sslHandshakeTimeout, resolver);
  }

  /**
   * With another TLS handshake timeout.
   *
   * @param timeout a positive duration
   * @return the changed options
   */
  public StreamOptions withSslHandshakeTimeout(Duration timeout) {
    return new StreamOptions(limit, highWater, lowWater, sslContext, serverHostname, backlog,
        timeout, resolver);
  }

  /**
   * With another resolver for host names (address literals never reach it).
   *
   * @param resolver the resolver
   * @return the changed options
   */
  public StreamOptions withResolver(Resolver resolver) {
    return new StreamOptions(limit, highWater, lowWater, sslContext, serverHostname, backlog,
        sslHandshakeTimeout, resolver);
  }
}
