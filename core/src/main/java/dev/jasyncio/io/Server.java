package dev.jasyncio.io;

import dev.jasyncio.Async;
import dev.jasyncio.CancelledException;
import dev.jasyncio.ExceptionContext;
import dev.jasyncio.Loop;
import dev.jasyncio.Task;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A listening stream server: asyncio's {@code Server}, from {@link Streams#startServer}. It
 * accepts from the moment it is started; every connection runs the handler in a task of its own,
 * and {@link #waitClosed()} waits for all of them, so no connection outlives the server unseen.
 *
 * <pre>{@code
 * Server server = Streams.startServer(handler, "127.0.0.1", 8888);
 * server.serveForever(); // until cancelled: then the server closes
 * }</pre>
 */
public final class Server implements AutoCloseable {
  private final ServerSocketChannel channel;
  private final SocketAddress address;
  private final ConnectionHandler handler;
  private final StreamOptions options;
  private final Loop loop;
  private final Set<Task<?>> connections = new LinkedHashSet<>();
  private final List<Transport> transports = new ArrayList<>();
  private final Notifier changed = new Notifier();
  private boolean closed;

  private Server(ServerSocketChannel channel, ConnectionHandler handler, StreamOptions options) throws IOException {
    this.channel = channel;
    this.address = channel.getLocalAddress();
    this.handler = handler;
    this.options = options;
    this.loop = Async.currentLoop();
  }

  static Server start(ConnectionHandler handler, SocketAddress bind, StandardProtocolFamily family, StreamOptions options) {
    java.util.Objects.requireNonNull(handler, "handler");
    java.util.Objects.requireNonNull(options, "options");
    ServerSocketChannel ch = null;
    try {
      ch = ServerSocketChannel.open(family);
      if (family == StandardProtocolFamily.INET) {
        ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      }
      ch.bind(bind, options.backlog());
      Server s = new Server(ch, handler, options);
      Async.createTask(s::acceptLoop, "server" + s.address + "-accept");
      return s;
    } catch (IOException e) {
      if (ch != null) {
        Streams.close(ch);
      }
      throw Blocking.map("start server on " + bind, e);
    }
  }

  /**
   * The address the server listens on: an {@link InetSocketAddress} (with the real port when 0
   * was asked for) or a {@link UnixDomainSocketAddress}.
   *
   * @return the bound address
   */
  public SocketAddress address() {
    return address;
  }

  /**
   * The TCP port the server listens on.
   *
   * @return the port
   * @throws IllegalStateException for a Unix domain socket server
   */
  public int port() {
    if (address instanceof InetSocketAddress a) {
      return a.getPort();
    }
    throw new IllegalStateException("a Unix domain socket server has no port: " + address);
  }

  /**
   * Whether it still accepts connections; asyncio's {@code is_serving}.
   *
   * @return true until {@link #close()}
   */
  public boolean isServing() {
    return !closed;
  }

  /**
   * How many connections are being served now.
   *
   * @return the count of running handler tasks
   */
  public int activeConnections() {
    return connections.size();
  }

  /**
   * Suspends the caller until the server is closed; asyncio's {@code serve_forever}. If the
   * calling task is cancelled, the server is closed and its connections are cancelled too.
   */
  public void serveForever() {
    try {
      while (!closed) {
        changed.await();
      }
    } catch (CancelledException c) {
      close();
      for (Task<?> t : new ArrayList<>(connections)) {
        t.cancel();
      }
      throw c;
    }
  }

  /**
   * Stops accepting; connections already accepted keep running; asyncio's {@code close}.
   * Idempotent. A Unix socket file is removed.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    Streams.close(channel);
    if (address instanceof UnixDomainSocketAddress u) {
      try {
        Files.deleteIfExists(u.getPath());
      } catch (IOException ignored) {
        // the file is the OS's business once the socket is closed
      }
    }
    changed.wakeAll();
  }

  /** Closes every open connection after its buffered bytes; asyncio's {@code close_clients}. */
  public void closeClients() {
    for (Transport t : new ArrayList<>(transports)) {
      t.writer.close();
    }
  }

  /** Closes every open connection at once; asyncio's {@code abort_clients}. */
  public void abortClients() {
    for (Transport t : new ArrayList<>(transports)) {
      t.writer.abort();
    }
  }

  /**
   * Waits until the server is closed and every connection's handler has finished; asyncio's
   * {@code wait_closed}.
   */
  public void waitClosed() {
    while (!closed || !connections.isEmpty()) {
      changed.await();
    }
  }

  private void acceptLoop() {
    while (!closed) {
      SocketChannel ch;
      try {
        ch = Blocking.socket("accept", channel::accept);
      } catch (CancelledException c) {
        close();
        return;
      } catch (RuntimeException e) {
        if (!closed) {
          loop.callExceptionHandler(new ExceptionContext("server " + address + " stopped accepting", e, null, null));
          close();
        }
        return;
      }
      Task<Void> t = Async.createTask(() -> serve(ch), "server" + address + "-connection");
      connections.add(t);
      t.addDoneCallback(done -> {
        connections.remove(done);
        changed.wakeAll();
      });
    }
  }

  private void serve(SocketChannel ch) {
    Transport t;
    try {
      t = Streams.transport(ch, options, false, null, 0);
    } catch (CancelledException c) {
      Streams.close(ch);
      throw c;
    } catch (RuntimeException e) {
      Streams.close(ch);
      loop.callExceptionHandler(new ExceptionContext("connection setup failed on server " + address, e, Async.currentTask(), null));
      return;
    }
    Connection c = Streams.start(t, options);
    transports.add(t);
    try {
      handler.handle(c.reader(), c.writer());
      c.writer().close();
    } catch (CancelledException e) {
      c.writer().abort();
      throw e;
    } catch (Throwable e) {
      c.writer().abort();
      loop.callExceptionHandler(new ExceptionContext("unhandled exception in client connection handler of server " + address, e, Async.currentTask(), null));
    } finally {
      transports.remove(t);
    }
  }

  @Override
  public String toString() {
    return "Server[" + address + (closed ? ", closed" : "") + ", " + connections.size() + " connections]";
  }
}
