package dev.jasyncio.io;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;

/**
 * Turns a host name into addresses: asyncio's {@code loop.getaddrinfo}. A lookup is a blocking
 * native call, so {@link Streams} runs it on the blocking pool, never on the loop; an address
 * literal ({@code "127.0.0.1"}, {@code "::1"}) never reaches it. Plug in your own (a cache, a
 * fixed table in tests) with {@link StreamOptions#withResolver}.
 *
 * <pre>{@code
 * Resolver fixed = host -> List.of(InetAddress.getLoopbackAddress());
 * Connection c = Streams.openConnection("db.internal", 5432,
 *     StreamOptions.defaults().withResolver(fixed));
 * }</pre>
 */
@FunctionalInterface
public interface Resolver {
  /**
   * The addresses of {@code host}, to be tried in order. Called on a blocking-pool thread: it
   * may block, and must not use the loop.
   *
   * @param host a host name, not an address literal
   * @return the addresses, at least one
   * @throws IOException if the name cannot be resolved (e.g. {@link java.net.UnknownHostException})
   */
  List<InetAddress> resolve(String host) throws IOException;

  /**
   * The JDK's resolver, {@link InetAddress#getAllByName} (the system's {@code getaddrinfo} and
   * the JDK's cache).
   *
   * @return the system resolver
   */
  static Resolver system() {
    return SystemResolver.INSTANCE;
  }
}
