package dev.jasyncio.bench.peers;

import static dev.jasyncio.bench.TcpWorkloads.CONNS_CONNECTING;
import static dev.jasyncio.bench.TcpWorkloads.CONNS_ROUND_TRIPS;
import static dev.jasyncio.bench.TcpWorkloads.CONNS_SIZE;
import static dev.jasyncio.bench.TcpWorkloads.ECHO_CONNECTIONS;
import static dev.jasyncio.bench.TcpWorkloads.ECHO_SIZE;
import static dev.jasyncio.bench.TcpWorkloads.STREAM_SIZE;

import dev.jasyncio.Async;
import dev.jasyncio.Event;
import dev.jasyncio.LoopGroup;
import dev.jasyncio.Semaphore;
import dev.jasyncio.Task;
import dev.jasyncio.io.Connection;
import dev.jasyncio.io.ConnectionHandler;
import dev.jasyncio.io.GroupServer;
import dev.jasyncio.io.Server;
import dev.jasyncio.io.StreamOptions;
import dev.jasyncio.io.Streams;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The TCP workloads in jasyncio's public streams API ({@link Streams#startServer},
 * {@link Streams#openConnection}, {@code StreamReader}, {@code StreamWriter}), written as a user
 * writes asyncio streams: write, drain, read. Call from a task; server and clients share its loop.
 */
public final class JasyncioTcp {
  private static final String HOST = "127.0.0.1";
  private static final StreamOptions SERVER = StreamOptions.defaults().withBacklog(4096);

  private JasyncioTcp() {}

  /** Echoes whatever arrives until the client closes. */
  private static final ConnectionHandler ECHO = (r, w) -> {
    byte[] chunk;
    while ((chunk = r.read(65536)).length > 0) {
      w.write(chunk);
      w.drain();
    }
  };

  /**
   * tcp-echo: 100 connections, each n / 100 round trips of 1 KiB.
   *
   * @param n round trips in all
   * @return round trips made
   */
  public static long echo(int n) {
    Server server = Streams.startServer(ECHO, HOST, 0, SERVER);
    try {
      return echoClients(ECHO_CONNECTIONS, n / ECHO_CONNECTIONS, server.port());
    } finally {
      close(server);
    }
  }

  /**
   * tcp-echo spread over a group: the server listens on every loop, and each loop runs its share
   * of the 100 clients. Call from outside the group.
   *
   * @param n round trips in all
   * @param group the loops; the server is closed and its connections done at the end
   * @return round trips made
   */
  public static long echo(int n, LoopGroup group) {
    GroupServer server = Streams.startServer(group, ECHO, HOST, 0, SERVER);
    try {
      long sum = 0;
      for (long part : group.run(() -> echoClients(ECHO_CONNECTIONS / group.size(),
          n / ECHO_CONNECTIONS, server.port()))) {
        sum += part;
      }
      return sum;
    } finally {
      server.close();
      server.waitClosed();
    }
  }

  /** {@code connections} clients of the calling task's loop, each {@code each} round trips. */
  private static long echoClients(int connections, int each, int port) {
    byte[] message = new byte[ECHO_SIZE];
    List<Task<Long>> clients = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      clients.add(Async.createTask(() -> {
        try (Connection c = Streams.openConnection(HOST, port)) {
          for (int k = 0; k < each; k++) {
            c.writer().write(message);
            c.writer().drain();
            c.reader().readexactly(ECHO_SIZE);
          }
        }
        return (long) each;
      }));
    }
    return sum(clients);
  }

  /**
   * tcp-echo-conns: n connections open at once, each echoing 64 B ten times.
   *
   * @param n connections
   * @return round trips made
   */
  public static long echoConns(int n) {
    Server server = Streams.startServer(ECHO, HOST, 0, SERVER);
    try {
      byte[] message = new byte[CONNS_SIZE];
      Semaphore connecting = new Semaphore(CONNS_CONNECTING);
      Event allDone = new Event();
      int[] done = {0};
      List<Task<Long>> clients = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        clients.add(Async.createTask(() -> {
          Connection c;
          connecting.acquire();
          try {
            c = Streams.openConnection(HOST, server.port());
          } finally {
            connecting.release();
          }
          try (c) {
            for (int k = 0; k < CONNS_ROUND_TRIPS; k++) {
              c.writer().write(message);
              c.writer().drain();
              c.reader().readexactly(CONNS_SIZE);
            }
            if (++done[0] == n) {
              allDone.set();
            }
            allDone.await();
          }
          return (long) CONNS_ROUND_TRIPS;
        }));
      }
      return sum(clients);
    } finally {
      close(server);
    }
  }

  /**
   * tcp-stream: one connection; the client writes n messages of 64 KiB, the server reads them and
   * answers one byte after the last.
   *
   * @param n messages
   * @return bytes the server read
   */
  public static long stream(int n) {
    long total = (long) n * STREAM_SIZE;
    long[] received = {0};
    Server server = Streams.startServer((r, w) -> {
      ByteBuffer buf = ByteBuffer.allocate(65536);
      while (received[0] < total) {
        int k = r.readInto(buf.clear());
        if (k < 0) {
          throw new IllegalStateException("stream ended after " + received[0] + " bytes");
        }
        received[0] += k;
      }
      w.write(new byte[] {1});
      w.drain();
    }, HOST, 0, SERVER);
    try (Connection c = Streams.openConnection(HOST, server.port())) {
      byte[] message = new byte[STREAM_SIZE];
      for (int i = 0; i < n; i++) {
        c.writer().write(message);
        c.writer().drain();
      }
      c.reader().readexactly(1);
      return received[0];
    } finally {
      close(server);
    }
  }

  private static long sum(List<Task<Long>> tasks) {
    long sum = 0;
    for (long v : Async.gather(tasks)) {
      sum += v;
    }
    return sum;
  }

  private static void close(Server server) {
    server.close();
    server.waitClosed();
  }
}
