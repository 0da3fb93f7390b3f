package dev.jasyncio.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bare TCP server on 127.0.0.1 for the peers MockWebServer cannot play: an HTTP/1.0 server that
 * ends bodies by closing, a peer that resets the connection mid-body, one that never reads.
 * Each connection runs {@code handler} on a platform thread of its own.
 */
final class RawServer implements AutoCloseable {
  /** What the server does with one accepted connection. */
  @FunctionalInterface
  interface Handler {
    void handle(Socket socket) throws Exception;
  }

  private final ServerSocket listener;
  private final Thread acceptor;
  final AtomicInteger connections = new AtomicInteger();

  RawServer(Handler handler) throws IOException {
    listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor = Thread.ofPlatform().daemon().name("raw-server").start(() -> {
      while (!listener.isClosed()) {
        try {
          Socket s = listener.accept();
          connections.incrementAndGet();
          Thread.ofPlatform().daemon().name("raw-server-conn").start(() -> {
            try (s) {
              handler.handle(s);
            } catch (Exception ignored) {
              // the client went away: that is what these peers are for
            }
          });
        } catch (IOException closed) {
          return;
        }
      }
    });
  }

  int port() {
    return listener.getLocalPort();
  }

  String url(String path) {
    return "http://127.0.0.1:" + port() + path;
  }

  /** Reads one request head (up to the blank line); null if the client closed first. */
  static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    int b;
    while ((b = in.read()) >= 0) {
      head.write(b);
      matched = (b == '\r' || b == '\n') ? matched + 1 : 0;
      if (matched == 4) {
        return head.toString(StandardCharsets.ISO_8859_1);
      }
    }
    return null;
  }

  /** Reads the request head and writes a response head of {@code statusAndHeaders} lines. */
  static OutputStream answer(Socket socket, String... statusAndHeaders) throws IOException {
    readHead(socket.getInputStream());
    OutputStream out = socket.getOutputStream();
    out.write((String.join("\r\n", statusAndHeaders) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    return out;
  }

  @Override
  public void close() throws Exception {
    listener.close();
    acceptor.join(5000);
  }
}
