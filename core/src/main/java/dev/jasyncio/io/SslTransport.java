package dev.jasyncio.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSession;

/** A TLS connection: the JDK's {@link SSLSocket} layered over a connected socket. */
final class SslTransport extends Transport {
  private final SSLSocket socket;
  private final InputStream in;
  private final OutputStream out;

  SslTransport(SSLSocket socket) throws IOException {
    super("tls" + socket.getRemoteSocketAddress());
    this.socket = socket;
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
  }

  @Override
  int read(ByteBuffer dst) throws IOException {
    int n = in.read(dst.array(), dst.arrayOffset() + dst.position(), dst.remaining());
    if (n > 0) {
      dst.position(dst.position() + n);
    }
    return n;
  }

  @Override
  void write(ByteBuffer[] srcs, int n) throws IOException {
    for (int i = 0; i < n; i++) {
      ByteBuffer b = srcs[i];
      out.write(b.array(), b.arrayOffset() + b.position(), b.remaining());
      b.position(b.limit());
    }
    out.flush();
  }

  @Override
  void shutdownOutput() throws IOException {
    socket.shutdownOutput(); // TLS 1.3 half-close (close_notify)
  }

  @Override
  void closeChannel() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing: nothing left to report to
    }
  }

  @Override
  <T> T call(String what, Blocking.IoCall<T> call) {
    return Blocking.socket(what, call);
  }

  @Override
  SocketAddress localAddress() {
    return socket.getLocalSocketAddress();
  }

  @Override
  SocketAddress remoteAddress() {
    return socket.getRemoteSocketAddress();
  }

  @Override
  SSLSession sslSession() {
    return socket.getSession();
  }
}
