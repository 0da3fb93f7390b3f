package dev.jasyncio.io;

import dev.jasyncio.Async;
import dev.jasyncio.CancelledException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
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
 * <p>Datagrams are queued as they arrive (at most {@link #QUEUE_LIMIT}; beyond that they are
 * dropped and counted, as a full socket buffer drops them). Cancelling a {@link #receive()} loses
 * no datagram.
 */
public final class DatagramEndpoint implements AutoCloseable {
  /** How many received datagrams are queued before more are dropped. */
  public static final int QUEUE_LIMIT = 4096;

  private final DatagramChannel channel;
  private final SocketAddress local;
  private final SocketAddress remote;
  private final ArrayDeque<Object> queue = new ArrayDeque<>();
  private final Notifier arrived = new Notifier();
  private boolean closed;
  private long dropped;

  private DatagramEndpoint(DatagramChannel channel) throws IOException {
    this.channel = channel;
    this.local = channel.getLocalAddress();
    this.remote = channel.getRemoteAddress();
    Async.createTask(this::receiveLoop, "udp" + local + "-receive");
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
    Objects.requireNonNull(to, "to");
    checkOpen();
    Blocking.socket("UDP send to " + to, () -> channel.send(ByteBuffer.wrap(data), to));
  }

  /**
   * Sends one datagram to the connected peer.
   *
   * @param data the payload
   * @throws IllegalStateException if not connected
   */
  public void send(byte[] data) {
    if (remote == null) {
      throw new IllegalStateException("send without an address needs a connected endpoint");
    }
    checkOpen();
    Blocking.socket("UDP send to " + remote, () -> channel.write(ByteBuffer.wrap(data)));
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
    if (!closed) {
      closed = true;
      Streams.close(channel);
      arrived.wakeAll();
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new StreamClosedException("UDP endpoint " + local + " is closed");
    }
  }

  private void receiveLoop() {
    ByteBuffer buf = ByteBuffer.allocateDirect(65536);
    while (!closed) {
      Object item;
      try {
        buf.clear();
        SocketAddress from = Blocking.socket("UDP receive", () -> {
          try {
            return channel.receive(buf);
          } catch (PortUnreachableException e) {
            return null;
          }
        });
        if (from == null) {
          item = new ConnectionRefusedException("UDP peer " + remote + " port unreachable",
              new PortUnreachableException());
        } else {
          buf.flip();
          byte[] data = new byte[buf.remaining()];
          buf.get(data);
          item = new Datagram(data, from);
        }
      } catch (CancelledException | StreamClosedException e) {
        close();
        return;
      } catch (RuntimeException e) {
        item = e;
      }
      if (queue.size() >= QUEUE_LIMIT) {
        dropped++;
      } else {
        queue.add(item);
        arrived.wakeAll();
      }
    }
  }

  @Override
  public String toString() {
    return "DatagramEndpoint[" + local + (remote != null ? " -> " + remote : "") + (closed ? ", closed" : "") + "]";
  }
}
