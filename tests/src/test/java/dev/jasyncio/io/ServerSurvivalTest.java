package dev.jasyncio.io;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jasyncio.Async;
import dev.jasyncio.ExceptionContext;
import dev.jasyncio.TestLoops;
import dev.jasyncio.TimeoutException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A server that survives what adversarial clients and a crowded machine do to it (issue 13.4). */
@Timeout(60)
class ServerSurvivalTest {
  @Test
  void anAcceptErrorIsReportedOncePausesAndAcceptingResumes() throws Exception {
    List<ExceptionContext> reports = TestLoops.list();
    String echoed = IoLoops.run(reports, () -> {
      Server server = Streams.startServer(StreamsTest.ECHO, "127.0.0.1", 0);
      List<Socket> flood = new ArrayList<>();
      long[] limits = fileLimits();
      // started now: with no descriptor left, this JVM could not start a process to undo it
      Process restore = Async.toThread(() -> new ProcessBuilder("sh", "-c", "read go; exec prlimit --pid "
          + ProcessHandle.current().pid() + " --nofile=" + limits[0] + ":" + limits[1]).start());
      try {
        // leave room for a few client sockets only: the server's accept then fails with EMFILE
        prlimit("--nofile=" + (openFiles() + 12) + ":" + limits[1]);
        for (int i = 0; i < 40; i++) {
          try {
            flood.add(Async.toThread(() -> new Socket(InetAddress.getLoopbackAddress(), server.port())));
          } catch (RuntimeException tooManyFiles) {
            break;
          }
        }
        for (int i = 0; i < 20 && reports.isEmpty(); i++) {
          Async.sleep(0.05); // the loop accepts until a descriptor is missing
        }
      } finally {
        restore.getOutputStream().write('\n');
        restore.getOutputStream().close();
        assertThat(Async.toThread(() -> restore.waitFor())).isZero();
        for (Socket s : flood) {
          s.close();
        }
      }
      assertThat(server.isServing()).isTrue();
      // accepting resumes after the pause: a later client is served
      try (Connection c = Streams.openConnection("127.0.0.1", server.port())) {
        c.writer().write("still here\n");
        String line = Async.timeout(Duration.ofSeconds(20), () -> c.reader().readlineString());
        server.close();
        return line;
      }
    });
    assertThat(echoed).isEqualTo("still here");
    assertThat(reports).hasSize(1);
    assertThat(reports.get(0).message()).contains("failed to accept");
    assertThat(reports.get(0).exception()).hasMessageContaining("Too many open files");
  }

  @Test
  void afterCloseNoHandlerStartsAndAnAcceptedSocketIsClosed() {
    AtomicInteger handled = new AtomicInteger();
    int atClient = IoLoops.run(() -> {
      Server server = Streams.startServer((r, w) -> {
        handled.incrementAndGet();
        w.write("served\n");
      }, "127.0.0.1", 0);
      CompletableFuture<Integer> clientSaw = new CompletableFuture<>();
      silentClient(server.port(), clientSaw); // from another thread: this task keeps yielding
      while (server.activeConnections() == 0) {
        Async.sleep(0); // the loop accepts; the connection's task is queued behind this one
      }
      server.close();
      int got = Async.await(clientSaw); // the accepted socket is closed: end of stream
      assertThatThrownBy(() -> Streams.openConnection("127.0.0.1", server.port()))
          .isInstanceOf(ConnectionRefusedException.class);
      server.waitClosed();
      return got;
    });
    assertThat(atClient).isEqualTo(-1);
    assertThat(handled).hasValue(0);
  }

  @Test
  void aSilentTlsClientTimesOutAfterSixtySecondsByDefault() throws Exception {
    StreamOptions tls = StreamOptions.defaults().withTls(TestCertificates.server());
    assertThat(tls.sslHandshakeTimeout()).isEqualTo(Duration.ofSeconds(60));
    List<ExceptionContext> reports = TestLoops.list();
    CompletableFuture<Integer> silentClientSaw = new CompletableFuture<>();
    double took = TestLoops.runVirtual(reports, () -> {
      Server server = Streams.startServer(StreamsTest.ECHO, "127.0.0.1", 0, tls);
      silentClient(server.port(), silentClientSaw);
      awaitConnections(server, 1);
      double start = Async.currentLoop().time(); // accepted within the last virtual second
      awaitConnections(server, 0, 5); // virtual time jumps to the handshake deadline
      server.close();
      server.waitClosed();
      return Async.currentLoop().time() - start;
    });
    assertThat(took).isBetween(59.0, 66.0);
    assertThat(silentClientSaw.get()).isEqualTo(-1); // closed by the server
    assertThat(reports).singleElement().satisfies(r -> {
      assertThat(r.message()).contains("connection setup failed");
      assertThat(r.exception()).isInstanceOf(TimeoutException.class);
    });
  }

  @Test
  void abortClientsReachesAConnectionStillInItsHandshake() throws Exception {
    StreamOptions tls = StreamOptions.defaults().withTls(TestCertificates.server())
        .withSslHandshakeTimeout(Duration.ofHours(1));
    CompletableFuture<Integer> silentClientSaw = new CompletableFuture<>();
    double took = TestLoops.runVirtual(TestLoops.list(), () -> {
      Server server = Streams.startServer(StreamsTest.ECHO, "127.0.0.1", 0, tls);
      silentClient(server.port(), silentClientSaw);
      awaitConnections(server, 1);
      double start = Async.currentLoop().time(); // accepted within the last virtual second
      server.abortClients();
      awaitConnections(server, 0);
      server.close();
      server.waitClosed();
      return Async.currentLoop().time() - start;
    });
    assertThat(took).isLessThan(3600.0);
    assertThat(silentClientSaw.get()).isEqualTo(-1);
  }

  @Test
  void streamAndServerMethodsFromAnotherThreadThrowAndChangeNothing() {
    String echoed = IoLoops.run(() -> {
      Server server = Streams.startServer(StreamsTest.ECHO, "127.0.0.1", 0);
      Connection c = Streams.openConnection("127.0.0.1", server.port());
      List<Runnable> foreign = List.of(
          () -> c.writer().write("twice?\n"),
          () -> c.writer().drain(),
          () -> c.writer().close(),
          () -> c.reader().read(10),
          () -> c.reader().feedData(new byte[] {'!'}),
          server::close,
          server::abortClients);
      List<String> errors = Async.toThread(() -> {
        List<String> out = new ArrayList<>();
        for (Runnable r : foreign) {
          try {
            r.run();
            out.add("no error");
          } catch (IllegalStateException e) {
            out.add(e.getMessage());
          }
        }
        return out;
      });
      assertThat(errors).hasSize(foreign.size()).allSatisfy(m -> assertThat(m).contains("must be called on the loop"));
      assertThat(server.isServing()).isTrue();
      c.writer().write("once\n");
      String line = c.reader().readlineString(); // nothing queued, fed or closed by the attempts
      c.close();
      server.close();
      return line;
    });
    assertThat(echoed).isEqualTo("once");
  }

  // ---------------------------------------------------------------------------------------------

  /** A raw TCP client on a platform thread that connects and never speaks; completes with what its read saw. */
  private static void silentClient(int port, CompletableFuture<Integer> saw) {
    Thread.ofPlatform().daemon().start(() -> {
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
        s.setSoTimeout(30_000);
        InputStream in = s.getInputStream();
        saw.complete(in.read());
      } catch (IOException e) {
        saw.complete(-1); // reset instead of closed: the server hung up either way
      }
    });
  }

  private static void awaitConnections(Server server, int n) {
    awaitConnections(server, n, 1);
  }

  /** Polls in steps of virtual seconds: a task in a real call makes each jump wait a little. */
  private static void awaitConnections(Server server, int n, int stepSeconds) {
    for (int i = 0; i < 10_000 && server.activeConnections() != n; i++) {
      Async.sleep(Duration.ofSeconds(stepSeconds));
    }
    assertThat(server.activeConnections()).isEqualTo(n);
  }

  private static int openFiles() throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return (int) fds.count();
    }
  }

  /** This JVM's soft and hard limits on open files. */
  private static long[] fileLimits() throws Exception {
    String out = prlimit("--nofile", "--raw", "--noheadings", "-o", "SOFT,HARD").trim();
    String[] parts = out.split("\\s+");
    return new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1])};
  }

  private static String prlimit(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("prlimit", "--pid", Long.toString(ProcessHandle.current().pid())));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException("prlimit failed: " + out);
    }
    return out;
  }
}
