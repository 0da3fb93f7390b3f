package dev.jasyncio.io;

import dev.jasyncio.Async;
import dev.jasyncio.TimeoutException;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLEngine;

/**
 * Stream connections and servers: asyncio's {@code open_connection}, {@code start_server},
 * {@code open_unix_connection} and {@code start_unix_server}. Call from a task.
 *
 * <pre>{@code
 * Server server = Streams.startServer((reader, writer) -> {
 *   byte[] line;
 *   while ((line = reader.readline()).length > 0) {
 *     writer.write(line);
 *     writer.drain();
 *   }
 * }, "127.0.0.1", 0);
 * Connection c = Streams.openConnection("127.0.0.1", server.port());
 * }</pre>
 *
 * <p>TCP and Unix-socket connections, plain or TLS (the JDK's {@code SSLEngine}), run on the
 * loop's selector (see {@link StreamWriter} and {@link StreamReader}); host names resolve on the blocking pool through the options'
 * {@link Resolver}. Cancelling a task inside {@code openConnection} stops the connect (or TLS
 * handshake) and closes the half-open socket.
 */
public final class Streams {
  private Streams() {}

  /**
   * Connects over TCP; asyncio's {@code open_connection}.
   *
   * @param host a host name or address
   * @param port the port
   * @return the connection
   * @throws ConnectionRefusedException if nothing listens there
   * @throws ConnectionException if the connection fails otherwise
   */
  public static Connection openConnection(String host, int port) {
    return openConnection(host, port, StreamOptions.defaults());
  }

  /**
   * Connects over TCP, with TLS if the options say so (then the handshake is done, and the
   * server's certificate verified, before this returns).
   *
   * @param host a host name or address
   * @param port the port
   * @param options limits and TLS
   * @return the connection
   * @throws TlsException if the handshake fails, e.g. the certificate is not trusted
   */
  public static Connection openConnection(String host, int port, StreamOptions options) {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(options, "options");
    RuntimeException last = null;
    for (InetAddress a : resolve(host, options.resolver())) {
      StandardProtocolFamily family = a instanceof Inet6Address
          ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
      try {
        return connect(new InetSocketAddress(a, port), family, options, host, port);
      } catch (ConnectionException e) {
        if (e instanceof TlsException) {
          throw e;
        }
        last = e;
      }
    }
    throw last;
  }

  /**
   * Connects to a Unix domain socket; asyncio's {@code open_unix_connection}.
   *
   * @param path the socket file
   * @return the connection
   */
  public static Connection openUnixConnection(Path path) {
    return openUnixConnection(path, StreamOptions.defaults());
  }

  /**
   * Connects to a Unix domain socket with options.
   *
   * @param path the socket file
   * @param options limits (and TLS, rarely wanted here)
   * @return the connection
   */
  public static Connection openUnixConnection(Path path, StreamOptions options) {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(options, "options");
    return connect(UnixDomainSocketAddress.of(path), StandardProtocolFamily.UNIX, options, "localhost", 0);
  }

  /**
   * Starts a TCP server; asyncio's {@code start_server}. It accepts at once; each connection
   * runs {@code handler} in a task of its own.
   *
   * @param handler what to run per connection
   * @param host the address to bind, e.g. {@code "127.0.0.1"}
   * @param port the port, or 0 for any free one ({@link Server#port()} tells which)
   * @return the server
   */
  public static Server startServer(ConnectionHandler handler, String host, int port) {
    return startServer(handler, host, port, StreamOptions.defaults());
  }

  /**
   * Starts a TCP server with options (TLS if the options carry a context with a key).
   *
   * @param handler what to run per connection
   * @param host the address to bind
   * @param port the port, or 0
   * @param options limits, TLS, backlog
   * @return the server
   */
  public static Server startServer(ConnectionHandler handler, String host, int port, StreamOptions options) {
    Objects.requireNonNull(host, "host");
    return Server.start(handler, new InetSocketAddress(host, port), StandardProtocolFamily.INET, options);
  }

  /**
   * Starts a TCP server on every loop of {@code group}: connections are spread over the loops
   * and each handler runs on the loop that owns its connection. Call from any thread or task.
   *
   * <pre>{@code
   * try (LoopGroup group = LoopGroup.builder().build();
   *      GroupServer server = Streams.startServer(group, handler, "127.0.0.1", 8888)) {
   *   server.serveForever();
   * }
   * }</pre>
   *
   * @param group the loops that serve
   * @param handler what to run per connection, on the connection's loop
   * @param host the address to bind
   * @param port the port, or 0 for any free one ({@link GroupServer#port()} tells which)
   * @return the server
   */
  public static GroupServer startServer(dev.jasyncio.LoopGroup group, ConnectionHandler handler,
      String host, int port) {
    return startServer(group, handler, host, port, StreamOptions.defaults());
  }

  /**
   * {@link #startServer(dev.jasyncio.LoopGroup, ConnectionHandler, String, int)} with options.
   *
   * @param group the loops that serve
   * @param handler what to run per connection
   * @param host the address to bind
   * @param port the port, or 0
   * @param options limits, TLS, backlog (per loop's listener)
   * @return the server
   */
  public static GroupServer startServer(dev.jasyncio.LoopGroup group, ConnectionHandler handler,
      String host, int port, StreamOptions options) {
    return GroupServer.start(group, handler, host, port, options);
  }

  /**
   * Starts a Unix domain socket server; asyncio's {@code start_unix_server}. The socket file is
   * removed when the server closes.
   *
   * @param handler what to run per connection
   * @param path the socket file to create
   * @return the server
   */
  public static Server startUnixServer(ConnectionHandler handler, Path path) {
    return startUnixServer(handler, path, StreamOptions.defaults());
  }

  /**
   * Starts a Unix domain socket server with options.
   *
   * @param handler what to run per connection
   * @param path the socket file to create
   * @param options limits, backlog
   * @return the server
   */
  public static Server startUnixServer(ConnectionHandler handler, Path path, StreamOptions options) {
    return Server.start(handler, UnixDomainSocketAddress.of(path), StandardProtocolFamily.UNIX, options);
  }

  // ---------------------------------------------------------------------------------------------

  /** Literal addresses as they are; names through the resolver, on the blocking pool. */
  private static List<InetAddress> resolve(String host, Resolver resolver) {
    try {
      return List.of(InetAddress.ofLiteral(host));
    } catch (IllegalArgumentException notLiteral) {
      List<InetAddress> all = Blocking.pool("resolve " + host, () -> resolver.resolve(host));
      if (all == null || all.isEmpty()) {
        throw new ConnectionException("resolve " + host + ": the resolver found no address",
            new java.net.UnknownHostException(host));
      }
      return all;
    }
  }

  private static Connection connect(SocketAddress address, StandardProtocolFamily family,
      StreamOptions options, String host, int port) {
    SocketChannel ch;
    try {
      ch = SocketChannel.open(family);
    } catch (IOException e) {
      throw Blocking.map("open socket", e);
    }
    ChannelTransport t;
    try {
      t = options.sslContext() != null
          ? new SslTransport(ch, engine(options, true, host, port))
          : new SocketTransport(ch);
    } catch (IOException e) {
      close(ch);
      throw Blocking.map("connect to " + address, e);
    }
    try {
      t.connect(address);
      setNoDelay(ch);
      handshake(t, options, host);
      return start(t, options);
    } catch (RuntimeException e) {
      t.closeNow();
      throw e;
    }
  }

  /** The transport for an accepted channel, registered with the loop; TLS waits for {@link #handshake}. */
  static Transport transport(SocketChannel ch, StreamOptions options) {
    setNoDelay(ch);
    try {
      return options.sslContext() != null
          ? new SslTransport(ch, engine(options, false, null, 0))
          : new SocketTransport(ch);
    } catch (IOException e) {
      throw Blocking.map("connection setup", e);
    }
  }

  private static void setNoDelay(SocketChannel ch) {
    try {
      if (ch.getLocalAddress() instanceof InetSocketAddress) {
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true); // as asyncio does
      }
    } catch (IOException e) {
      throw Blocking.map("connection setup", e);
    }
  }

  /** A client engine verifies that the certificate names the host and sends it as SNI. */
  private static SSLEngine engine(StreamOptions options, boolean client, String host, int port) {
    if (!client) {
      SSLEngine e = options.sslContext().createSSLEngine();
      e.setUseClientMode(false);
      return e;
    }
    String name = options.serverHostname() != null ? options.serverHostname() : host;
    SSLEngine e = options.sslContext().createSSLEngine(name, port);
    e.setUseClientMode(true);
    SSLParameters p = e.getSSLParameters();
    p.setEndpointIdentificationAlgorithm("HTTPS");
    if (!isAddressLiteral(name)) {
      p.setServerNames(List.of(new SNIHostName(name)));
    }
    e.setSSLParameters(p);
    return e;
  }

  /**
   * For a TLS transport, the first handshake within the options' timeout (a server counts from
   * accept); nothing for a plain one. A timeout closes the connection.
   */
  static void handshake(Transport t, StreamOptions options, String host) {
    if (!(t instanceof SslTransport tls)) {
      return;
    }
    Duration limit = options.sslHandshakeTimeout();
    try {
      Async.timeout(limit, () -> tls.handshake(host));
    } catch (TimeoutException e) {
      throw new TimeoutException("TLS handshake with " + (host != null ? host : t)
          + " did not finish within " + limit, e);
    }
  }

  private static boolean isAddressLiteral(String name) {
    try {
      InetAddress.ofLiteral(name);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Creates the reader and writer of a transport and starts its pumps. */
  static Connection start(Transport t, StreamOptions options) {
    StreamReader r = new StreamReader(options.limit());
    StreamWriter w = new StreamWriter(t, options);
    t.reader = r;
    t.writer = w;
    t.start();
    return new Connection(r, w);
  }

  static void close(java.io.Closeable c) {
    try {
      c.close();
    } catch (IOException ignored) {
      // already failing: the first error is the one to report
    }
  }
}
