package dev.jasyncio.io;

import dev.jasyncio.Async;
import dev.jasyncio.CancelledException;
import dev.jasyncio.ExceptionContext;
import dev.jasyncio.Loop;
import dev.jasyncio.Task;
import dev.jasyncio.internal.WaitList;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * A listening stream server: asyncio's {@code Server}, from {@link Streams#startServer}. It
 * accepts from the moment it is started, on the loop's selector; every connection runs the
 * handler in a task of its own, and {@link #waitClosed()} waits for all of them, so no connection
 * outlives the server unseen. Connections are tracked from the moment they are accepted (a TLS
 * client still in its handshake too), so {@link #abortClients()} reaches every one. An accept
 * that fails (too many open files) is reported once, and accepting pauses for a second and
 * resumes, as asyncio does.
 *
 * <pre>{@code
 * Server server = Streams.startServer(handler, "127.0.0.1", 8888);
 * server.serveForever(); // until cancelled: then the server closes
 * }</pre>
 *
 * <p>Call the methods from tasks of the loop that started the server: from anywhere else they
 * throw before they change anything.
 */
public final class Server implements AutoCloseable {
  private final ServerSocketChannel channel;
  private final SocketAddress address;
  private final ConnectionHandler handler;
  private final StreamOptions options;
  /** Made once: an address's text costs more than the rest of an accept. */
  private final String connectionTaskName;
  /** How long accepting pauses after an accept failed (asyncio's ACCEPT_RETRY_DELAY). */
  static final Duration ACCEPT_RETRY_DELAY = Duration.ofSeconds(1);

  private final Loop loop;
  private final Set<Task<?>> connections = new LinkedHashSet<>();
  /** Accepted connections whose handler has not ended; the transport once it is set up. */
  private final Map<SocketChannel, Transport> clients = new LinkedHashMap<>();
  private final WaitList changed = IoLoop.taskWaiters();
  private SelectionKey key;
  private boolean closed;
  /** Whether the accept failure of the current run of failures was reported. */
  private boolean acceptFailureReported;

  /** Where accepted connections go: this server's loop, or (a group's acceptor) another loop's. */
  private java.util.function.Consumer<SocketChannel> dispatch = this::handOver;

  private Server(ServerSocketChannel channel, ConnectionHandler handler, StreamOptions options) throws IOException {
    this(channel, channel.getLocalAddress(), handler, options);
  }

  private Server(ServerSocketChannel channel, SocketAddress address, ConnectionHandler handler, StreamOptions options) {
    this.channel = channel;
    this.address = address;
    this.handler = handler;
    this.options = options;
    this.connectionTaskName = "server" + address + "-connection";
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
      s.key = IoLoop.current().register(ch, SelectionKey.OP_ACCEPT, s::onAcceptable);
      return s;
    } catch (IOException e) {
      if (ch != null) {
        Streams.close(ch);
      }
      throw Blocking.map("start server on " + bind, e);
    }
  }

  /** A server of the calling task's loop that does not listen: it serves what {@link #adopt} gives it. */
  static Server adopting(ConnectionHandler handler, SocketAddress address, StreamOptions options) {
    return new Server(null, address, handler, options);
  }

  /** Gives accepted connections to {@code dispatch} (on this loop) instead of serving them here. */
  void dispatchTo(java.util.function.Consumer<SocketChannel> dispatch) {
    check("Server.dispatchTo");
    this.dispatch = dispatch;
  }

  /** On this server's loop: serves a connection another loop's server accepted. */
  void adopt(SocketChannel ch) {
    check("Server.adopt");
    if (closed) {
      Streams.close(ch);
    } else {
      handOver(ch);
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
    check("Server.isServing");
    return !closed;
  }

  /**
   * How many connections are being served now.
   *
   * @return the count of running handler tasks
   */
  public int activeConnections() {
    check("Server.activeConnections");
    return connections.size();
  }

  /**
   * Suspends the caller until the server is closed; asyncio's {@code serve_forever}. If the
   * calling task is cancelled, the server is closed and its connections are cancelled too.
   */
  public void serveForever() {
    check("Server.serveForever");
    try {
      while (!closed) {
        changed.await();
      }
    } catch (CancelledException c) {
      stopServing();
      throw c;
    }
  }

  /** What a cancelled {@link #serveForever()} does: close, and cancel every connection. */
  void stopServing() {
    close();
    for (Task<?> t : new ArrayList<>(connections)) {
      t.cancel();
    }
  }

  /**
   * Stops accepting; asyncio's {@code close}. Connections whose handler runs already keep
   * running; one accepted but not yet handed to the handler is closed, and no handler starts
   * after this. Idempotent. A Unix socket file is removed.
   */
  @Override
  public void close() {
    check("Server.close");
    if (closed) {
      return;
    }
    closed = true;
    if (channel == null) { // an adopting server: nothing listens
      changed.wakeAll();
      return;
    }
    key.cancel();
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
    check("Server.closeClients");
    for (Map.Entry<SocketChannel, Transport> c : new ArrayList<>(clients.entrySet())) {
      Transport t = c.getValue();
      if (t == null) {
        Streams.close(c.getKey()); // its handler has not started
      } else if (t.writer == null) {
        t.closeNow(); // still in its TLS handshake: nothing buffered to send
      } else {
        t.writer.close();
      }
    }
  }

  /** Closes every open connection at once; asyncio's {@code abort_clients}. */
  public void abortClients() {
    check("Server.abortClients");
    for (Map.Entry<SocketChannel, Transport> c : new ArrayList<>(clients.entrySet())) {
      Transport t = c.getValue();
      if (t == null) {
        Streams.close(c.getKey());
      } else if (t.writer == null) {
        t.closeNow();
      } else {
        t.writer.abort();
      }
    }
  }

  /**
   * Waits until the server is closed and every connection's handler has finished; asyncio's
   * {@code wait_closed}.
   */
  public void waitClosed() {
    check("Server.waitClosed");
    while (!closed || !connections.isEmpty()) {
      changed.await();
    }
  }

  private void check(String what) {
    IoLoop.check(loop, what);
  }

  /** On the loop, when the listening socket is readable: accept what is queued. */
  private void onAcceptable(int ops) {
    for (int i = 0; i < options.backlog() && !closed; i++) { // asyncio accepts up to backlog too
      SocketChannel ch;
      try {
        ch = channel.accept();
      } catch (IOException e) {
        acceptFailed(e);
        return;
      }
      if (ch == null) {
        return;
      }
      acceptFailureReported = false;
      dispatch.accept(ch);
    }
  }

  /** Out of file descriptors, say: report once, stop accepting for a while, then try again. */
  private void acceptFailed(IOException e) {
    if (closed || e instanceof ClosedChannelException) {
      return;
    }
    if (!acceptFailureReported) {
      acceptFailureReported = true;
      loop.callExceptionHandler(new ExceptionContext("server " + address + " failed to accept a"
          + " connection; accepting pauses for " + ACCEPT_RETRY_DELAY.toMillis() + " ms", e, null, null));
    }
    key.interestOps(0);
    loop.callLater(ACCEPT_RETRY_DELAY, () -> {
      if (!closed && key.isValid()) {
        key.interestOps(SelectionKey.OP_ACCEPT);
      }
    });
  }

  private void handOver(SocketChannel ch) {
    clients.put(ch, null);
    Task<Void> t = loop.createTask(() -> {
      serve(ch);
      return null;
    }, connectionTaskName);
    connections.add(t);
    t.addDoneCallback(done -> {
      connections.remove(done);
      clients.remove(ch);
      changed.wakeAll();
    });
  }

  private void serve(SocketChannel ch) {
    if (closed) {
      Streams.close(ch); // accepted, but the server closed before the handler could start
      return;
    }
    Transport t = null;
    try {
      t = Streams.transport(ch, options);
      clients.put(ch, t); // abortClients reaches it in its TLS handshake too
      Streams.handshake(t, options, null);
    } catch (RuntimeException e) {
      if (t != null) {
        t.closeNow();
      } else {
        Streams.close(ch);
      }
      if (e instanceof CancelledException) {
        throw e;
      }
      if (!(e instanceof StreamClosedException)) { // not closed by this side
        loop.callExceptionHandler(new ExceptionContext("connection setup failed on server " + address, e, Async.currentTask(), null));
      }
      return;
    }
    if (closed) {
      t.closeNow(); // closed during the TLS handshake: the handler never starts
      return;
    }
    Connection c = Streams.start(t, options);
    try {
      handler.handle(c.reader(), c.writer());
      c.writer().close();
    } catch (CancelledException e) {
      c.writer().abort();
      throw e;
    } catch (Throwable e) {
      c.writer().abort();
      loop.callExceptionHandler(new ExceptionContext("unhandled exception in client connection handler of server " + address, e, Async.currentTask(), null));
    }
  }

  @Override
  public String toString() {
    return "Server[" + address + (closed ? ", closed" : "") + ", " + connections.size() + " connections]";
  }
}
