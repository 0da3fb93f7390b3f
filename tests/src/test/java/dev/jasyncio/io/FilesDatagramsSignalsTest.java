package dev.jasyncio.io;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.jasyncio.Async;
import dev.jasyncio.CancelledException;
import dev.jasyncio.Promise;
import dev.jasyncio.Signals;
import dev.jasyncio.Task;
import dev.jasyncio.TestSignals;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import sun.misc.Signal;

@Timeout(60)
class FilesDatagramsSignalsTest {
  @Test
  void filesAreReadWrittenCopiedAndStreamedByLineOffTheLoop(@TempDir Path dir) {
    Path a = dir.resolve("a.txt");
    Path b = dir.resolve("b.txt");
    List<String> lines = new ArrayList<>();
    int[] ticks = new int[1];
    IoLoops.run(() -> {
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < 200_000; i++) {
        text.append("line ").append(i).append('\n');
      }
      // a ticker task keeps running while the big file moves: the loop is never stalled
      Task<Void> ticker = Async.createTask(() -> {
        while (true) {
          ticks[0]++;
          Async.sleep(0.001);
        }
      });
      AsyncFiles.writeString(a, text.toString());
      AsyncFiles.copy(a, b);
      assertThat(AsyncFiles.readAllBytes(b)).hasSize(text.length());
      assertThat(AsyncFiles.readString(b)).isEqualTo(text.toString());
      AsyncFiles.forEachLine(b, lines::add);
      AsyncFiles.write(b, "x".getBytes(UTF_8));
      assertThat(AsyncFiles.readString(b)).isEqualTo("x");
      ticker.cancel();
      return null;
    });
    assertThat(lines).hasSize(200_000).startsWith("line 0").endsWith("line 199999");
    assertThat(ticks[0]).isGreaterThan(1);
  }

  @Test
  void aMissingFileIsTheJdksNoSuchFileException(@TempDir Path dir) {
    IoLoops.run(() -> {
      assertThatThrownBy(() -> AsyncFiles.readString(dir.resolve("nope")))
          .isInstanceOf(java.nio.file.NoSuchFileException.class).hasMessageContaining("nope");
      assertThatThrownBy(() -> AsyncFiles.forEachLine(dir.resolve("nope2"), line -> {}))
          .isInstanceOf(java.nio.file.NoSuchFileException.class).hasMessageContaining("nope2");
      return null;
    });
  }

  @Test
  void udpUnconnectedAndConnectedEndpoints() {
    IoLoops.run(() -> {
      try (DatagramEndpoint server = DatagramEndpoint.bind("127.0.0.1", 0)) {
        Task<Void> echo = Async.createTask(() -> {
          while (true) {
            Datagram d = server.receive();
            server.send(d.data(), d.sender());
          }
        });
        int port = ((InetSocketAddress) server.localAddress()).getPort();
        try (DatagramEndpoint client = DatagramEndpoint.connect("127.0.0.1", port)) {
          client.send("ping".getBytes(UTF_8));
          Datagram back = client.receive();
          assertThat(new String(back.data(), UTF_8)).isEqualTo("ping");
          assertThat(back.sender()).isEqualTo(server.localAddress());
        }
        try (DatagramEndpoint other = DatagramEndpoint.bind("127.0.0.1", 0)) {
          other.send("pong".getBytes(UTF_8), server.localAddress());
          assertThat(new String(other.receive().data(), UTF_8)).isEqualTo("pong");
        }
        echo.cancel();
        assertThatThrownBy(echo::await).isInstanceOf(CancelledException.class);
      }
      return null;
    });
  }

  @Test
  void cancellingAReceiveLosesNoDatagram() {
    IoLoops.run(() -> {
      try (DatagramEndpoint a = DatagramEndpoint.bind("127.0.0.1", 0);
          DatagramEndpoint b = DatagramEndpoint.bind("127.0.0.1", 0)) {
        Task<Datagram> r = Async.createTask(a::receive);
        Async.sleep(0.01);
        r.cancel();
        assertThatThrownBy(r::await).isInstanceOf(CancelledException.class);
        b.send("kept".getBytes(UTF_8), a.localAddress());
        assertThat(new String(a.receive().data(), UTF_8)).isEqualTo("kept");
        a.close();
        assertThatThrownBy(a::receive).isInstanceOf(StreamClosedException.class);
      }
      return null;
    });
  }

  @Test
  void unixDomainSocketEcho(@TempDir Path dir) {
    Path sock = dir.resolve("echo.sock");
    String got = IoLoops.run(() -> {
      Server server = Streams.startUnixServer(StreamsTest.ECHO, sock);
      Connection c = Streams.openUnixConnection(sock);
      c.writer().write("over unix\n");
      String line = c.reader().readlineString();
      c.close();
      server.close();
      server.waitClosed();
      return line;
    });
    assertThat(got).isEqualTo("over unix");
    assertThat(Files.exists(sock)).isFalse();
  }

  @Test
  void sigintDuringAsyncRunCancelsTheMainTask() {
    assumeFalse(TestSignals.sigintIgnored(), TestSignals.SIGINT_IGNORED);
    AtomicBoolean cleanedUp = new AtomicBoolean();
    assertThatThrownBy(() -> Async.run(() -> {
      try {
        Signal.raise(new Signal("INT"));
        Async.sleep(30);
      } finally {
        cleanedUp.set(true);
      }
    })).isInstanceOf(CancelledException.class).hasMessageContaining("SIGINT");
    assertThat(cleanedUp).isTrue();
  }

  @Test
  void aTermHandlerRunsOnTheLoop() {
    IoLoops.run(() -> {
      Promise<String> got = Async.createPromise();
      try (Signals.Registration r = Signals.addHandler("TERM", () -> got.setResult(Thread.currentThread().getName()))) {
        Signal.raise(new Signal("TERM"));
        assertThat(got.await()).isNotNull();
      }
      return null;
    });
  }
}
