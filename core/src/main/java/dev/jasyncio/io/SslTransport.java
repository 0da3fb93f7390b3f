package dev.jasyncio.io;

import java.io.IOException;
import java.net.SocketAddress;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSession;

/** A TLS connection: the JDK's {@link SSLSocket} layered over a connected socket. */
final class SslTransport extends StreamTransport {
  private final SSLSocket socket;

  SslTransport(SSLSocket socket) throws IOException {
    super("tls" + socket.getRemoteSocketAddress(), socket.getInputStream(), socket.getOutputStream());
    this.socket = socket;
  }

  @Override
  void shutdownOutput() throws IOException {
    socket.shutdownOutput(); // TLS 1.3 half-close (close_notify)
  }

  @Override
  boolean canWriteEof() {
    return false; // SSLSocket's half-close is not portable across TLS versions
  }

  @Override
  void closeChannel() {
    closeQuietly(socket);
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
