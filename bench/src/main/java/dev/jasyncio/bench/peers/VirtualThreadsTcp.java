package dev.jasyncio.bench.peers;

import static dev.jasyncio.bench.TcpWorkloads.CONNS_CONNECTING;
import static dev.jasyncio.bench.TcpWorkloads.CONNS_ROUND_TRIPS;
import static dev.jasyncio.bench.TcpWorkloads.CONNS_SIZE;
import static dev.jasyncio.bench.TcpWorkloads.ECHO_CONNECTIONS;
import static dev.jasyncio.bench.TcpWorkloads.ECHO_SIZE;
import static dev.jasyncio.bench.TcpWorkloads.STREAM_SIZE;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * The TCP workloads as a Java developer writes them on virtual threads without jasyncio: blocking
 * {@link ServerSocket} and {@link Socket}, one virtual thread per connection on each side
 * (the JDK parks them on its own poller).
 */
final class VirtualThreadsTcp {
  private VirtualThreadsTcp() {}

  /** What a server's connection thread does with its socket. */
  private interface Handler {
    void handle(InputStream in, OutputStream out) throws IOException;
  }

  /** A listening socket and its accept thread; close() stops both and every connection. */
  private static final class TcpServer implements AutoCloseable {
    final ServerSocket listener;
    final List<Socket> accepted = new ArrayList<>();

    TcpServer(ExecutorService ex, Handler handler) throws IOException {
      listener = new ServerSocket(0, 4096, InetAddress.getLoopbackAddress());
      ex.submit(() -> {
        while (true) {
          Socket s;
          try {
            s = listener.accept();
          } catch (SocketException closed) {
            return null;
          }
          s.setTcpNoDelay(true);
          synchronized (accepted) {
            accepted.add(s);
          }
          ex.submit(() -> {
            try (s) {
              handler.handle(s.getInputStream(), s.getOutputStream());
            } catch (SocketException reset) {
              // the client went away
            }
            return null;
          });
        }
      });
    }

    int port() {
      return listener.getLocalPort();
    }

    @Override
    public void close() throws IOException {
      listener.close();
      synchronized (accepted) {
        for (Socket s : accepted) {
          s.close();
        }
      }
    }
  }

  private static void echo(InputStream in, OutputStream out) throws IOException {
    byte[] buf = new byte[65536];
    int k;
    while ((k = in.read(buf)) > 0) {
      out.write(buf, 0, k);
    }
  }

  private static Socket connect(int port) throws IOException {
    Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
    s.setTcpNoDelay(true);
    return s;
  }

  static long echo(ExecutorService ex, int n) throws Exception {
    try (TcpServer server = new TcpServer(ex, VirtualThreadsTcp::echo)) {
      int each = n / ECHO_CONNECTIONS;
      List<Future<Long>> clients = new ArrayList<>();
      for (int i = 0; i < ECHO_CONNECTIONS; i++) {
        clients.add(ex.submit(() -> {
          byte[] message = new byte[ECHO_SIZE];
          try (Socket s = connect(server.port())) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            for (int k = 0; k < each; k++) {
              out.write(message);
              in.readNBytes(message, 0, ECHO_SIZE);
            }
          }
          return (long) each;
        }));
      }
      return sum(clients);
    }
  }

  static long echoConns(ExecutorService ex, int n) throws Exception {
    try (TcpServer server = new TcpServer(ex, VirtualThreadsTcp::echo)) {
      Semaphore connecting = new Semaphore(CONNS_CONNECTING);
      CountDownLatch allDone = new CountDownLatch(n);
      List<Future<Long>> clients = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        clients.add(ex.submit(() -> {
          byte[] message = new byte[CONNS_SIZE];
          Socket s;
          connecting.acquire();
          try {
            s = connect(server.port());
          } finally {
            connecting.release();
          }
          try (s) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            for (int k = 0; k < CONNS_ROUND_TRIPS; k++) {
              out.write(message);
              in.readNBytes(message, 0, CONNS_SIZE);
            }
            allDone.countDown();
            allDone.await();
          }
          return (long) CONNS_ROUND_TRIPS;
        }));
      }
      return sum(clients);
    }
  }

  static long stream(ExecutorService ex, int n) throws Exception {
    long total = (long) n * STREAM_SIZE;
    try (TcpServer server = new TcpServer(ex, (in, out) -> {
      byte[] buf = new byte[65536];
      long received = 0;
      while (received < total) {
        int k = in.read(buf);
        if (k < 0) {
          throw new IOException("stream ended after " + received + " bytes");
        }
        received += k;
      }
      out.write(1);
    }); Socket s = connect(server.port())) {
      byte[] message = new byte[STREAM_SIZE];
      OutputStream out = s.getOutputStream();
      for (int i = 0; i < n; i++) {
        out.write(message);
      }
      if (s.getInputStream().read() != 1) {
        throw new IOException("no answer from the server");
      }
      return total;
    }
  }

  private static long sum(List<Future<Long>> fs) throws Exception {
    long sum = 0;
    for (Future<Long> f : fs) {
      sum += f.get();
    }
    return sum;
  }
}
