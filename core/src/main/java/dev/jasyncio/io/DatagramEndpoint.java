package dev.jasyncio.io;

import dev.jasyncio.Loop;
import dev.jasyncio.internal.WaitList;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.util.ArrayDeque;
import java.util.Objects;

/**
 * A UDP endpoint: asyncio's {@code create_datagram_endpoint}, with receive as a suspending call
 * instead of a protocol callback. Unconnected ({@link #bind}) it sends anywhere and receives from
 * anyone; connected ({@link #connect}) it talks to one peer.
 *
 * <pre>{@code
 * DatagramEndpoint server = DatagramEndpoint.bind("127.0.0.1", 0);
 * Datagram d = server.receive();
 * server.send(d.data(), d.sender());
 * }</pre>
 *
 * <p>The endpoint is registered with the loop's selector: datagrams are taken from the socket
 * as they arrive and queued (at most {@link #QUEUE_LIMIT}; beyond that they are dropped and
 * counted, as a full socket buffer drops them), asyncio's {@code datagram_received}. Cancelling a
 * {@link #receive()} loses no datagram. Call the methods from tasks of the loop that opened the
 * endpoint.
 */
public final class DatagramEndpoint implements AutoCloseable {
  /** How many received datagrams are queued before more are dropped. */
  public static final int QUEUE_LIMIT = 4096;

  private final DatagramChannel channel;
  private final SocketAddress local;
  private final SocketAddress remote;
  /** Datagrams taken per readiness event, so one busy socket cannot hold the loop. */
  private static final int RECEIVES_PER_EVENT = 64;

  private final ArrayDeque<Object> queue = new ArrayDeque<>();
  private final WaitList arrived = IoLoop.ioWaiters();
  private final WaitList writable = IoLoop.ioWaiters();
  private final IoLoop io;
  private final Loop loop;
  private final SelectionKey key;
  private boolean closed;
  private long dropped;

  private DatagramEndpoint(DatagramChannel channel) throws IOException {
    this.channel = channel;
    this.local = channel.getLocalAddress();
    this.remote = channel.getRemoteAddress();
    this.io = IoLoop.current();
    this.loop = io.loop;
    this.key = io.register(channel, SelectionKey.OP_READ, this::onReady);
  }

  /**
   * An unconnected endpoint bound to {@code host:port} (port 0: any free one).
   *
   * @param host the local address
   * @param port the local port
   * @return the endpoint
   */
  public static DatagramEndpoint bind(String host, int port) {
    return open(new InetSocketAddress(host, port), null);
  }

  /**
   * An endpoint connected to {@code host:port}, bound to an ephemeral local port.
   *
   * @param host the peer's address
   * @param port the peer's port
   * @return the endpoint
   */
  public static DatagramEndpoint connect(String host, int port) {
    return open(null, new InetSocketAddress(host, port));
  }

  private static DatagramEndpoint open(SocketAddress bind, SocketAddress peer) {
    DatagramChannel ch = null;
    try {
      ch = DatagramChannel.open();
      ch.bind(bind != null ? bind : new InetSocketAddress(((InetSocketAddress) peer).getAddress(), 0));
      if (peer != null) {
        ch.connect(peer);
      }
      return new DatagramEndpoint(ch);
    } catch (IOException e) {
      if (ch != null) {
        Streams.close(ch);
      }
      throw Blocking.map("open UDP endpoint", e);
    }
  }

  /**
   * Sends one datagram to {@code to}; asyncio's {@code sendto}.
   *
   * @param data the payload
   * @param to the destination
   */
  public void send(byte[] data, SocketAddress to) {
    check("DatagramEndpoint.send");
    Objects.requireNonNull(to, "to");
    sendTo(data, to);
  }

  /**
   * Sends one datagram to the connected peer.
   *
   * @param data the payload
   * @throws IllegalStateException if not connected
   */
  public void send(byte[] data) {
    check("DatagramEndpoint.send");
    if (remote == null) {
      throw new IllegalStateException("send without an address needs a connected endpoint");
    }
    sendTo(data, null);
  }

  /** Sends now if the socket buffer has room, else waits until it has. */
  private void sendTo(byte[] data, SocketAddress to) {
    ByteBuffer b = ByteBuffer.wrap(data);
    while (true) {
      checkOpen();
      try {
        int n = to != null ? channel.send(b, to) : channel.write(b);
        if (n > 0 || data.length == 0) {
          return;
        }
      } catch (IOException e) {
        throw Blocking.map("UDP send to " + (to != null ? to : remote), e);
      }
      key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
      writable.await();
    }
  }

  /**
   * Waits for the next datagram.
   *
   * @return it
   * @throws ConnectionRefusedException on a connected endpoint whose peer's port is closed (an
   *     ICMP port-unreachable came back)
   * @throws StreamClosedException once closed
   */
  public Datagram receive() {
    check("DatagramEndpoint.receive");
    while (queue.isEmpty()) {
      checkOpen();
      arrived.await();
    }
    Object next = queue.poll();
    if (next instanceof RuntimeException e) {
      throw e;
    }
    return (Datagram) next;
  }

  /**
   * How many datagrams were dropped because the queue was full.
   *
   * @return the count
   */
  public long dropped() {
    check("DatagramEndpoint.dropped");
    return dropped;
  }

  /**
   * The local address.
   *
   * @return the bound address
   */
  public SocketAddress localAddress() {
    return local;
  }

  /**
   * The connected peer.
   *
   * @return its address, or {@code null} if unconnected
   */
  public SocketAddress remoteAddress() {
    return remote;
  }

  /** Closes the endpoint; waiting receivers get {@link StreamClosedException}. Idempotent. */
  @Override
  public void close() {
    check("DatagramEndpoint.close");
    if (!closed) {
      closed = true;
      key.cancel();
      Streams.close(channel);
      arrived.wakeAll();
      writable.wakeAll();
    }
  }

  private void check(String what) {
    IoLoop.check(loop, what);
  }

  private void checkOpen() {
    if (closed) {
      throw new StreamClosedException("UDP endpoint " + local + " is closed");
    }
  }

  /** On the loop, when the socket is readable or (while a send waits) writable. */
  private void onReady(int ops) {
    if ((ops & SelectionKey.OP_WRITE) != 0) {
      key.interestOps(SelectionKey.OP_READ);
      writable.wakeAll();
    }
    if ((ops & SelectionKey.OP_READ) == 0) {
      return;
    }
    ByteBuffer buf = io.readBuffer;
    boolean any = false;
    for (int i = 0; i < RECEIVES_PER_EVENT && !closed; i++) {
      Object item;
      try {
        buf.clear();
        SocketAddress from = channel.receive(buf);
        if (from == null) {
          break;
        }
        buf.flip();
        byte[] data = new byte[buf.remaining()];
        buf.get(data);
        item = new Datagram(data, from);
      } catch (PortUnreachableException e) {
        item = new ConnectionRefusedException("UDP peer " + remote + " port unreachable", e);
      } catch (IOException e) {
        item = Blocking.map("UDP receive", e);
      }
      any = true;
      if (queue.size() >= QUEUE_LIMIT) {
        dropped++;
      } else {
        queue.add(item);
      }
      if (item instanceof RuntimeException) {
        break;
      }
    }
    if (any) {
      arrived.wakeAll();
    }
  }

  @Override
  public String toString() {
    return "DatagramEndpoint[" + local + (remote != null ? " -> " + remote : "") + (closed ? ", closed" : "") + "]";
  }
}
