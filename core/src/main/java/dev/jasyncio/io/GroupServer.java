package dev.jasyncio.io;

import dev.jasyncio.Async;
import dev.jasyncio.CancelScope;
import dev.jasyncio.CancelledException;
import dev.jasyncio.Loop;
import dev.jasyncio.LoopClosedException;
import dev.jasyncio.LoopGroup;
import dev.jasyncio.ThrowingRunnable;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * A TCP server spread over the loops of a {@link LoopGroup}, from
 * {@link Streams#startServer(LoopGroup, ConnectionHandler, String, int)}: loop 0 listens and
 * accepts, and hands each connection to the loop the group's {@link LoopGroup.Placement placement}
 * picks (round-robin by default); the connection's handler runs there as a task, and that loop
 * owns the connection until it closes. Per loop it is one {@link Server}, with that server's rules.
 *
 * <p>One acceptor rather than one {@code SO_REUSEPORT} listener per loop: the kernel's hash spread
 * 100 loopback connections 57 / 43 where round-robin gives 50 / 50 (and long-lived connections
 * stay where they land), the group's placement is honoured, and it behaves the same where
 * {@code SO_REUSEPORT} does not balance (macOS, Windows). Accepting is one system call per
 * connection on loop 0, and handing over one cross-thread wake-up.
 *
 * <pre>{@code
 * try (LoopGroup group = LoopGroup.builder().build();
 *      GroupServer server = Streams.startServer(group, handler, "127.0.0.1", 8888)) {
 *   server.serveForever();   // until the calling thread or task is interrupted or cancelled
 * }
 * }</pre>
 *
 * <p>Its methods are thread-safe: call them from any thread, or from a task (of any loop, the
 * group's too), which then suspends instead of blocking.
 */
public final class GroupServer implements AutoCloseable {
  private final LoopGroup group;
  /** Index i: the server on loop i. */
  private final List<Server> servers;
  private final SocketAddress address;

  private GroupServer(LoopGroup group, List<Server> servers) {
    this.group = group;
    this.servers = List.copyOf(servers);
    this.address = servers.getFirst().address();
  }

  static GroupServer start(LoopGroup group, ConnectionHandler handler, String host, int port,
      StreamOptions options) {
    java.util.Objects.requireNonNull(group, "group");
    java.util.Objects.requireNonNull(handler, "handler");
    java.util.Objects.requireNonNull(host, "host");
    java.util.Objects.requireNonNull(options, "options");
    List<Server> started = new ArrayList<>();
    try {
      started.add(await(group.loop(0).submit(() -> Server.start(handler,
          new InetSocketAddress(host, port), StandardProtocolFamily.INET, options))));
      SocketAddress bound = started.getFirst().address();
      for (int i = 1; i < group.size(); i++) {
        started.add(await(group.loop(i).submit(() -> Server.adopting(handler, bound, options))));
      }
      List<Server> all = List.copyOf(started);
      if (all.size() > 1) {
        await(group.loop(0).submit(() -> all.getFirst().dispatchTo(ch -> dispatch(group, all, ch))));
      }
    } catch (RuntimeException e) {
      for (int i = 0; i < started.size(); i++) {
        group.loop(i).submit(started.get(i)::close);
      }
      throw e;
    }
    return new GroupServer(group, started);
  }

  /** On the acceptor's loop: gives an accepted connection to the loop the group's placement picks. */
  private static void dispatch(LoopGroup group, List<Server> servers, SocketChannel ch) {
    Loop target = group.next();
    Server s = servers.get(group.indexOf(target));
    if (target == group.loop(0)) {
      s.adopt(ch);
      return;
    }
    try {
      target.callSoonThreadsafe(() -> s.adopt(ch));
    } catch (LoopClosedException closed) {
      Streams.close(ch); // the group is closing: nobody will serve it
    }
  }

  /**
   * The address the server listens on, with the real port when 0 was asked for.
   *
   * @return the bound address
   */
  public SocketAddress address() {
    return address;
  }

  /**
   * The TCP port.
   *
   * @return the port
   */
  public int port() {
    return ((InetSocketAddress) address).getPort();
  }

  /**
   * The group whose loops serve the connections.
   *
   * @return the group
   */
  public LoopGroup group() {
    return group;
  }

  /**
   * How many connections are being served now, on all loops together.
   *
   * @return the count of running handler tasks
   */
  public int activeConnections() {
    int sum = 0;
    for (int n : onEveryLoop(s -> s::activeConnections)) {
      sum += n;
    }
    return sum;
  }

  /**
   * How many connections each loop serves now: how evenly they are spread.
   *
   * @return per loop, in loop order
   */
  public List<Integer> activeConnectionsPerLoop() {
    return onEveryLoop(s -> s::activeConnections);
  }

  /**
   * Whether it still accepts connections.
   *
   * @return true until {@link #close()}
   */
  public boolean isServing() {
    return onEveryLoop(s -> s::isServing).contains(true);
  }

  /**
   * Stops accepting on every loop ({@link Server#close()}); connections whose handler runs keep
   * running. Idempotent.
   */
  @Override
  public void close() {
    onEveryLoop(s -> () -> {
      s.close();
      return null;
    });
  }

  /** Closes every open connection after its buffered bytes ({@link Server#closeClients()}). */
  public void closeClients() {
    onEveryLoop(s -> () -> {
      s.closeClients();
      return null;
    });
  }

  /** Closes every open connection at once ({@link Server#abortClients()}). */
  public void abortClients() {
    onEveryLoop(s -> () -> {
      s.abortClients();
      return null;
    });
  }

  /**
   * Waits until the server is closed and every connection's handler, on every loop, has finished
   * ({@link Server#waitClosed()}).
   */
  public void waitClosed() {
    onEveryLoop(s -> () -> {
      s.waitClosed();
      return null;
    });
  }

  /**
   * Suspends (or blocks) the caller until the server is closed. If the calling task is cancelled
   * (or the calling thread interrupted), the server closes on every loop and its connections are
   * cancelled and awaited, as {@link Server#serveForever()} does on one loop.
   */
  public void serveForever() {
    List<CompletableFuture<Void>> serving = new ArrayList<>();
    for (int i = 0; i < servers.size(); i++) {
      Server s = servers.get(i);
      serving.add(group.loop(i).submit(s::serveForever));
    }
    try {
      await(CompletableFuture.allOf(serving.toArray(CompletableFuture[]::new)));
    } catch (CancelledException | IllegalStateException stopped) {
      for (CompletableFuture<Void> f : serving) {
        f.cancel(false); // cancels each loop's serveForever: it closes and cancels its connections
      }
      boolean interrupted = Thread.interrupted(); // wait for the connections regardless
      try {
        // A loop's serveForever cancelled before it started never ran its own cleanup: stop
        // every loop's server here, shielded, since a cancelled task's waits throw at once.
        ThrowingRunnable stop = () -> {
          onEveryLoop(s -> () -> {
            s.stopServing();
            return null;
          });
          waitClosed();
        };
        if (Async.currentTask() != null) {
          CancelScope.shielded().run(stop);
        } else {
          stop.run();
        }
      } catch (Exception e) {
        stopped.addSuppressed(e);
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
      throw stopped instanceof CancelledException c ? c : new CancelledException("serveForever", stopped);
    }
  }

  /** Runs {@code call(server)} on each server's own loop and gathers the results in loop order. */
  private <T> List<T> onEveryLoop(Function<Server, java.util.concurrent.Callable<T>> call) {
    List<CompletableFuture<T>> fs = new ArrayList<>(servers.size());
    for (int i = 0; i < servers.size(); i++) {
      fs.add(group.loop(i).submit(call.apply(servers.get(i))));
    }
    List<T> out = new ArrayList<>(fs.size());
    for (CompletableFuture<T> f : fs) {
      out.add(await(f));
    }
    return out;
  }

  /** In a task: suspends until done; elsewhere: blocks. Unwraps the failure. */
  private static <T> T await(CompletableFuture<T> f) {
    if (Async.currentTask() != null) {
      return Async.await(f);
    }
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancelledException("the calling thread was interrupted", e);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new CompletionException(e.getCause());
    } catch (java.util.concurrent.CancellationException e) {
      throw new CancelledException("the server's loop cancelled the call", e);
    }
  }

  @Override
  public String toString() {
    return "GroupServer[" + address + " on " + servers.size() + " loops of " + group.name() + "]";
  }
}
