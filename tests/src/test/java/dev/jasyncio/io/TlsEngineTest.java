package dev.jasyncio.io;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jasyncio.Async;
import dev.jasyncio.ExceptionContext;
import dev.jasyncio.Task;
import dev.jasyncio.TestLoops;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.zip.CRC32;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * TLS on the loop's selector (an {@code SSLEngine} over the non-blocking channel): flow control,
 * named errors for peers that break off or speak something else, handshakes after the first, and
 * real peers (Python's ssl module, the JDK's SSLSocket).
 */
@Timeout(60)
class TlsEngineTest {
  private static StreamOptions serverTls() throws Exception {
    return StreamOptions.defaults().withTls(TestCertificates.server());
  }

  private static StreamOptions clientTls() throws Exception {
    return StreamOptions.defaults().withTls(TestCertificates.trusting()).withServerHostname("localhost");
  }

  // --- flow control ------------------------------------------------------------------------------

  @Test
  void aLargeTransferBothWaysToSlowReadersStaysWithinTheWaterMarks() throws Exception {
    long total = 16L << 20;
    int chunk = 64 * 1024;
    StreamOptions server = serverTls();
    StreamOptions client = clientTls();
    long[] serverSide = new long[3]; // crc of what it read, writer max, reader max
    long[] clientSide = IoLoops.run(() -> {
      Server s = Streams.startServer((r, w) -> {
        Task<long[]> in = Async.createTask(() -> slowRead(r, total));
        long writerMax = send(w, total, chunk);
        long[] read = in.await();
        serverSide[0] = read[0];
        serverSide[1] = writerMax;
        serverSide[2] = read[1];
      }, "127.0.0.1", 0, server);
      try (Connection c = Streams.openConnection("127.0.0.1", s.port(), client)) {
        Task<long[]> in = Async.createTask(() -> slowRead(c.reader(), total));
        long writerMax = send(c.writer(), total, chunk);
        long[] read = in.await();
        s.close();
        s.waitClosed();
        return new long[] {read[0], writerMax, read[1]};
      }
    });
    long expected = crcOfPattern(total, chunk);
    assertThat(clientSide[0]).as("what the client read").isEqualTo(expected);
    assertThat(serverSide[0]).as("what the server read").isEqualTo(expected);
    for (long[] side : List.of(clientSide, serverSide)) {
      assertThat(side[1]).as("bytes a writer held").isLessThanOrEqualTo(server.highWater() + chunk);
      assertThat(side[2]).as("bytes a reader held")
          .isLessThanOrEqualTo(2L * server.limit() + IoLoop.BUFFER_SIZE);
    }
  }

  /** Writes {@code total} bytes of the pattern, draining after each chunk; the most it buffered. */
  private static long send(StreamWriter w, long total, int chunk) {
    long max = 0;
    for (long sent = 0; sent < total; sent += chunk) {
      w.write(pattern(sent, chunk));
      max = Math.max(max, w.bufferSize());
      w.drain();
    }
    return max;
  }

  /** Reads exactly {@code total} bytes a quarter chunk at a time, yielding now and then: {crc, most buffered}. */
  private static long[] slowRead(StreamReader r, long total) {
    CRC32 crc = new CRC32();
    long n = 0;
    long max = 0;
    int reads = 0;
    while (n < total) {
      max = Math.max(max, r.buffered());
      byte[] b = r.read(16 * 1024);
      assertThat(b).as("bytes before the end").isNotEmpty();
      crc.update(b);
      n += b.length;
      if (++reads % 4 == 0) {
        Async.sleep(0);
      }
    }
    return new long[] {crc.getValue(), max};
  }

  private static byte[] pattern(long from, int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) ((from + i) * 7 % 251);
    }
    return b;
  }

  private static long crcOfPattern(long total, int chunk) {
    CRC32 crc = new CRC32();
    for (long at = 0; at < total; at += chunk) {
      crc.update(pattern(at, chunk));
    }
    return crc.getValue();
  }

  // --- peers that break off or speak something else ------------------------------------------------

  @Test
  void aClientThatClosesMidHandshakeIsANamedTlsExceptionOnTheServer() throws Exception {
    StreamOptions tls = serverTls();
    List<ExceptionContext> reports = TestLoops.list();
    CompletableFuture<Integer> saw = new CompletableFuture<>();
    IoLoops.run(reports, () -> {
      Server server = Streams.startServer(StreamsTest.ECHO, "127.0.0.1", 0, tls);
      rawClient(server.port(), new byte[] {0x16, 0x03, 0x01, 0x02, 0x00}, saw); // half a record header's promise
      assertThat(Async.await(saw)).isEqualTo(-1);
      awaitReports(reports);
      server.close();
      server.waitClosed();
      return null;
    });
    assertThat(reports).singleElement().satisfies(r -> {
      assertThat(r.message()).contains("connection setup failed");
      assertThat(r.exception()).isInstanceOf(TlsException.class)
          .hasMessageContaining("closed the connection during the TLS handshake");
    });
  }

  @Test
  void aServerThatClosesMidHandshakeIsANamedTlsExceptionOnTheClient() throws Exception {
    StreamOptions tls = clientTls();
    try (ServerSocket raw = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
      Thread.ofPlatform().daemon().start(() -> {
        try (Socket s = raw.accept()) {
          readRecord(s.getInputStream()); // the ClientHello, all of it, then a clean close
        } catch (IOException ignored) {
          // the test fails on the client side if this goes wrong
        }
      });
      IoLoops.run(() -> {
        assertThatThrownBy(() -> Streams.openConnection("127.0.0.1", raw.getLocalPort(), tls))
            .isInstanceOf(TlsException.class)
            .hasMessageContaining("TLS handshake with 127.0.0.1")
            .hasMessageContaining("closed the connection during the TLS handshake");
        return null;
      });
    }
  }

  @Test
  void aServerThatNeverAnswersTheClientHelloTimesOutAndIsHungUpOn() throws Exception {
    StreamOptions tls = clientTls();
    CompletableFuture<Integer> serverSaw = new CompletableFuture<>();
    try (ServerSocket raw = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
      Thread.ofPlatform().daemon().start(() -> {
        try (Socket s = raw.accept()) {
          s.setSoTimeout(30_000);
          readRecord(s.getInputStream()); // the ClientHello; no answer ever
          serverSaw.complete(s.getInputStream().read());
        } catch (IOException e) {
          serverSaw.complete(-1);
        }
      });
      double took = TestLoops.runVirtual(TestLoops.list(), () -> {
        double start = Async.currentLoop().time();
        assertThatThrownBy(() -> Streams.openConnection("127.0.0.1", raw.getLocalPort(), tls))
            .isInstanceOf(dev.jasyncio.TimeoutException.class)
            .hasMessageContaining("TLS handshake with 127.0.0.1 did not finish within PT1M");
        return Async.currentLoop().time() - start;
      });
      assertThat(took).isGreaterThanOrEqualTo(60.0);
      assertThat(serverSaw.get()).isEqualTo(-1); // the client closed the socket
    }
  }

  @Test
  void aServerThatAnswersInPlainTextIsANamedTlsExceptionOnTheClient() throws Exception {
    StreamOptions tls = clientTls();
    try (ServerSocket raw = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
      Thread.ofPlatform().daemon().start(() -> {
        try (Socket s = raw.accept()) {
          readRecord(s.getInputStream());
          s.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes(UTF_8));
          s.getInputStream().transferTo(OutputStream.nullOutputStream()); // until the client hangs up
        } catch (IOException ignored) {
          // the client may reset: it is done with us either way
        }
      });
      IoLoops.run(() -> {
        assertThatThrownBy(() -> Streams.openConnection("127.0.0.1", raw.getLocalPort(), tls))
            .isInstanceOf(TlsException.class)
            .hasMessageContaining("TLS handshake with 127.0.0.1");
        return null;
      });
    }
  }

  @Test
  void aClientThatSendsGarbageIsANamedTlsExceptionAndIsHungUpOn() throws Exception {
    StreamOptions tls = serverTls();
    List<ExceptionContext> reports = TestLoops.list();
    CompletableFuture<Integer> saw = new CompletableFuture<>();
    IoLoops.run(reports, () -> {
      Server server = Streams.startServer(StreamsTest.ECHO, "127.0.0.1", 0, tls);
      rawClient(server.port(), "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(UTF_8), saw);
      Async.await(saw); // whatever alert came first, the server hangs up
      awaitReports(reports);
      assertThat(server.activeConnections()).isLessThanOrEqualTo(1);
      server.close();
      server.waitClosed();
      return null;
    });
    assertThat(saw.get()).isNotNull();
    assertThat(reports).singleElement().satisfies(r -> {
      assertThat(r.message()).contains("connection setup failed");
      assertThat(r.exception()).isInstanceOf(TlsException.class);
    });
  }

  /** A raw TCP client on a platform thread: sends {@code bytes}, then reads to the end; completes with the last read. */
  private static void rawClient(int port, byte[] bytes, CompletableFuture<Integer> saw) {
    Thread.ofPlatform().daemon().start(() -> {
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
        s.setSoTimeout(30_000);
        s.getOutputStream().write(bytes);
        s.shutdownOutput();
        InputStream in = s.getInputStream();
        int b;
        while ((b = in.read()) >= 0) {
          // an alert, perhaps: read to the end
        }
        saw.complete(b);
      } catch (IOException e) {
        saw.complete(-1); // reset instead of closed: the server hung up either way
      }
    });
  }

  /** Reads one TLS record (header and body) so that closing after it is a clean close. */
  private static void readRecord(InputStream in) throws IOException {
    DataInputStream d = new DataInputStream(in);
    byte[] header = new byte[5];
    d.readFully(header);
    d.readFully(new byte[((header[3] & 0xff) << 8) | (header[4] & 0xff)]);
  }

  private static void awaitReports(List<ExceptionContext> reports) {
    for (int i = 0; i < 400 && reports.isEmpty(); i++) {
      Async.sleep(0.05);
    }
  }

  // --- handshakes after the first ------------------------------------------------------------------

  @Test
  void aKeyUpdateFromATls13PeerIsHandled() throws Exception {
    assertThat(echoAcrossASecondHandshake("TLSv1.3")).isEqualTo(List.of("one", "two", "three"));
  }

  @Test
  void aRenegotiationFromATls12PeerIsHandled() throws Exception {
    assertThat(echoAcrossASecondHandshake("TLSv1.2")).isEqualTo(List.of("one", "two", "three"));
  }

  /**
   * The JDK's SSLSocket on a platform thread echoes a line, starts a second handshake (a key
   * update in TLS 1.3, a renegotiation in TLS 1.2), echoes another line, and once more.
   */
  private static List<String> echoAcrossASecondHandshake(String protocol) throws Exception {
    StreamOptions tls = serverTls();
    javax.net.ssl.SSLContext trusting = TestCertificates.trusting();
    return IoLoops.run(() -> {
      Server server = Streams.startServer(StreamsTest.ECHO, "127.0.0.1", 0, tls);
      CompletableFuture<List<String>> lines = new CompletableFuture<>();
      Thread.ofPlatform().daemon().start(() -> {
        try (SSLSocket s = (SSLSocket) trusting.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), server.port())) {
          s.setSoTimeout(30_000);
          s.setEnabledProtocols(new String[] {protocol});
          BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), UTF_8));
          OutputStream out = s.getOutputStream();
          out.write("one\n".getBytes(UTF_8));
          String one = in.readLine();
          s.startHandshake();
          out.write("two\n".getBytes(UTF_8));
          String two = in.readLine();
          s.startHandshake();
          out.write("three\n".getBytes(UTF_8));
          String three = in.readLine();
          lines.complete(List.of(one, two, three));
        } catch (Throwable e) {
          lines.completeExceptionally(e);
        }
      });
      List<String> got = Async.await(lines);
      server.close();
      server.waitClosed();
      return got;
    });
  }

  // --- Python's ssl module, both ways --------------------------------------------------------------

  static final String PY_TLS_SERVER = """
      import asyncio, ssl, sys
      async def handle(r, w):
          while data := await r.read(65536):
              w.write(data)
              await w.drain()
          w.close()
          await w.wait_closed()
      async def main(cert, key):
          ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
          ctx.load_cert_chain(cert, key)
          server = await asyncio.start_server(handle, '127.0.0.1', 0, ssl=ctx)
          print(server.sockets[0].getsockname()[1], flush=True)
          await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
          server.close()
      asyncio.run(main(sys.argv[1], sys.argv[2]))
      """;

  /** A blocking client: a ragged end (no close_notify) would raise instead of returning. */
  static final String PY_TLS_CLIENT = """
      import socket, ssl, sys, threading
      port, size, cafile = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
      ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
      ctx.load_verify_locations(cafile)
      data = bytes((i * 7) % 251 for i in range(size))
      raw = socket.create_connection(('127.0.0.1', port))
      s = ctx.wrap_socket(raw, server_hostname='localhost', suppress_ragged_eofs=False)
      sender = threading.Thread(target=s.sendall, args=(data,))
      sender.start()
      back = bytearray()
      while len(back) < size:
          back += s.recv(65536)
      sender.join()
      s.unwrap()  # our close_notify, then the server's
      raw.close()
      print('ok' if back == data else 'mismatch %d' % len(back), flush=True)
      """;

  @Test
  void jasyncioTlsClientAgainstAPythonAsyncioTlsServer(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of(PythonPeersTest.PYTHON)));
    Path[] pem = TestCertificates.pemFiles(dir);
    StreamOptions tls = clientTls();
    byte[] data = pattern(0, 1 << 20);
    byte[] back = IoLoops.run(() -> {
      Subprocess py = Subprocess.exec(PythonPeersTest.PYTHON, "-c", PY_TLS_SERVER, pem[0].toString(), pem[1].toString());
      try {
        int port = Integer.parseInt(py.stdout().readlineString().trim());
        Connection c = Streams.openConnection("127.0.0.1", port, tls);
        Task<Void> sender = Async.createTask(() -> {
          c.writer().write(data);
          c.writer().drain();
        });
        byte[] got = c.reader().readexactly(data.length);
        sender.await();
        c.writer().close();
        c.writer().waitClosed();
        py.stdin().close();
        assertThat(py.waitFor()).isZero();
        return got;
      } finally {
        py.kill();
      }
    });
    assertThat(back).isEqualTo(data);
  }

  @Test
  void aPythonTlsClientAgainstAJasyncioTlsServerClosesCleanly(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of(PythonPeersTest.PYTHON)));
    Path[] pem = TestCertificates.pemFiles(dir);
    StreamOptions tls = serverTls();
    String verdict = IoLoops.run(() -> {
      Server server = Streams.startServer(StreamsTest.ECHO, "127.0.0.1", 0, tls);
      Subprocess.Result r = Subprocess.exec(PythonPeersTest.PYTHON, "-c", PY_TLS_CLIENT,
          Integer.toString(server.port()), Integer.toString(1 << 20), pem[0].toString()).communicate(null);
      server.close();
      server.waitClosed();
      assertThat(r.exitCode()).as(new String(r.stderr(), UTF_8)).isZero();
      return new String(r.stdout(), UTF_8).trim();
    });
    assertThat(verdict).isEqualTo("ok");
  }
}
