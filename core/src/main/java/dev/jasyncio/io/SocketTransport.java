package dev.jasyncio.io;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/** A TCP or Unix-domain connection over a blocking {@link SocketChannel}. */
final class SocketTransport extends Transport {
  private final SocketChannel channel;
  private final SocketAddress local;
  private final SocketAddress remote;

  SocketTransport(SocketChannel channel) throws IOException {
    super("socket" + channel.getRemoteAddress());
    this.channel = channel;
    this.local = channel.getLocalAddress();
    this.remote = channel.getRemoteAddress();
  }

  @Override
  int read(ByteBuffer dst) throws IOException {
    return channel.read(dst);
  }

  @Override
  void write(ByteBuffer[] srcs, int n) throws IOException {
    int first = 0;
    while (first < n) {
      channel.write(srcs, first, n - first);
      while (first < n && !srcs[first].hasRemaining()) {
        first++;
      }
    }
  }

  @Override
  void shutdownOutput() throws IOException {
    channel.shutdownOutput();
  }

  @Override
  void closeChannel() {
    closeQuietly(channel);
  }

  @Override
  ByteBuffer newReadBuffer() {
    return ByteBuffer.allocateDirect(READ_CHUNK); // the JDK would copy a heap buffer through one
  }

  @Override
  SocketAddress localAddress() {
    return local;
  }

  @Override
  SocketAddress remoteAddress() {
    return remote;
  }
}
