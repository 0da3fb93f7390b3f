package dev.jasyncio.io;

import dev.jasyncio.internal.WaitList;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * A transport on a non-blocking {@link SocketChannel} registered with the loop's selector: what
 * plain ({@link SocketTransport}) and TLS ({@link SslTransport}) connections share: the key, the
 * connect, the interest set and the addresses. Loop-only.
 */
abstract class ChannelTransport extends Transport {
  final SocketChannel channel;
  final IoLoop io;
  final SelectionKey key;
  /** The task in {@link #connect}; none for an accepted connection. */
  private WaitList connectWaiter;
  private SocketAddress local;
  private SocketAddress remote;

  /** Registers {@code channel} (connected, or about to connect) with the loop's selector. */
  ChannelTransport(String name, SocketChannel channel) throws IOException {
    super(name);
    this.channel = channel;
    this.io = IoLoop.current();
    this.key = io.register(channel, 0, this::ready);
    if (channel.isConnected()) {
      addresses();
    }
  }

  /** Connects, suspending the caller until the connection is made. Cancellable. */
  void connect(SocketAddress address) {
    try {
      if (!channel.connect(address)) {
        connectWaiter = IoLoop.ioWaiters();
        while (true) {
          key.interestOps(SelectionKey.OP_CONNECT);
          connectWaiter.await();
          if (channel.finishConnect()) {
            break;
          }
        }
        key.interestOps(0);
      }
      addresses();
    } catch (IOException e) {
      throw Blocking.map("connect to " + address, e);
    }
  }

  private void addresses() throws IOException {
    local = channel.getLocalAddress();
    remote = channel.getRemoteAddress();
  }

  private void ready(int ops) {
    if ((ops & SelectionKey.OP_CONNECT) != 0) {
      key.interestOps(0);
      if (connectWaiter != null) {
        connectWaiter.wakeAll();
      }
      return;
    }
    onReady(ops);
  }

  /** The loop found the channel ready for {@code ops} (read, write). */
  abstract void onReady(int ops);

  /** The selection-key interest the transport needs now. */
  abstract int interest();

  /** Sets the key's interest to what the transport needs now. */
  final void updateInterest() {
    if (closed || !key.isValid()) {
      return;
    }
    int ops = interest();
    if (key.interestOps() != ops) {
      key.interestOps(ops);
    }
  }

  @Override
  void closeNow() {
    if (!closed) {
      super.closeNow();
      if (connectWaiter != null) {
        connectWaiter.wakeAll();
      }
    }
  }

  @Override
  void closeChannel() {
    key.cancel();
    closeQuietly(channel);
  }

  @Override
  SocketAddress localAddress() {
    return local;
  }

  @Override
  SocketAddress remoteAddress() {
    return remote;
  }

  @Override
  public String toString() {
    return super.toString() + remote;
  }
}
