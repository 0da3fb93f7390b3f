package dev.jasyncio.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jasyncio.Async;
import dev.jasyncio.CancelledException;
import dev.jasyncio.Event;
import dev.jasyncio.Loop;
import dev.jasyncio.LoopGroup;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link Streams#startServer(LoopGroup, ConnectionHandler, String, int)}: connections spread over
 * the group's loops, each handler on the loop that owns its connection; the io suite's
 * 1,000-connection echo, served by a group.
 */
class GroupServerTest {

  @Test
  @Timeout(120)
  void thousandConnectionsEachEchoOneMebibyteOverAGroup() throws Exception {
    Map<String, Integer> servedOn = new ConcurrentHashMap<>();
    try (LoopGroup group = LoopGroup.builder().loops(2).name("echo").build()) {
      GroupServer server = Streams.startServer(group, (r, w) -> {
        servedOn.merge(Async.currentLoop().name(), 1, Integer::sum);
        StreamsTest.ECHO.handle(r, w);
      }, "127.0.0.1", 0);
      List<CompletableFuture<Boolean>> clients = new ArrayList<>();
      for (int i = 0; i < EchoLoadTest.CONNECTIONS; i++) { // the clients spread over the group too
        int seed = i;
        clients.add(group.submit(() -> EchoLoadTest.echoOnce(server.port(), seed)));
      }
      long bad = 0;
      for (CompletableFuture<Boolean> c : clients) {
        bad += c.get() ? 0 : 1;
      }
      server.close();
      server.waitClosed();
      assertThat(bad).isZero();
      assertThat(server.activeConnections()).isZero();
      assertThat(server.isServing()).isFalse();
    }
    assertThat(servedOn.keySet()).containsExactlyInAnyOrder("echo-0", "echo-1");
    assertThat(servedOn.values().stream().mapToInt(Integer::intValue).sum())
        .isEqualTo(EchoLoadTest.CONNECTIONS);
  }

  @Test
  @Timeout(60)
  void aConnectionsHandlerStaysOnTheLoopThatAcceptedIt() throws Exception {
    List<Boolean> stayed = new CopyOnWriteArrayList<>();
    try (LoopGroup group = LoopGroup.builder().loops(2).build()) {
      GroupServer server = Streams.startServer(group, (r, w) -> {
        Loop mine = Async.currentLoop();
        byte[] line;
        while ((line = r.readline()).length > 0) {
          stayed.add(Async.currentLoop() == mine);
          w.write(line);
          w.drain();
        }
      }, "127.0.0.1", 0);
      group.run(() -> { // a client per loop, from inside the group, as a task does
        for (int c = 0; c < 10; c++) {
          try (Connection conn = Streams.openConnection("127.0.0.1", server.port())) {
            for (int i = 0; i < 5; i++) {
              conn.writer().write(("hi " + i + "\n").getBytes());
              conn.writer().drain();
              assertThat(new String(conn.reader().readline())).isEqualTo("hi " + i + "\n");
            }
          }
        }
        return null;
      });
      server.close();
      server.waitClosed();
    }
    assertThat(stayed).hasSize(100).containsOnly(true);
  }

  @RepeatedTest(20) // a loop's serveForever cancelled before it started lost its cleanup
  @Timeout(60)
  void cancellingServeForeverClosesEveryLoopsServerAndCancelsItsConnections() throws Exception {
    List<String> cancelled = new CopyOnWriteArrayList<>();
    CountDownLatch connected = new CountDownLatch(4);
    try (LoopGroup group = LoopGroup.builder().loops(2).build()) {
      GroupServer server = Streams.startServer(group, (r, w) -> {
        connected.countDown();
        try {
          new Event().await();
        } catch (CancelledException c) {
          cancelled.add(Async.currentLoop().name());
          throw c;
        }
      }, "127.0.0.1", 0);
      List<CompletableFuture<Void>> clients = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        clients.add(group.submit(() -> {
          try (Connection c = Streams.openConnection("127.0.0.1", server.port())) {
            c.reader().read(1); // until the server goes away
          }
        }));
      }
      // Cancelled before it starts, serveForever never runs (as asyncio's serve_forever task):
      // the server then keeps serving, so cancel only once it is in.
      CountDownLatch serveStarted = new CountDownLatch(1);
      CompletableFuture<Void> serving = group.submit(() -> {
        serveStarted.countDown();
        server.serveForever();
      });
      assertThat(serveStarted.await(30, TimeUnit.SECONDS)).isTrue();
      assertThat(connected.await(30, TimeUnit.SECONDS)).isTrue();
      serving.cancel(true);
      for (CompletableFuture<Void> c : clients) {
        c.get(30, TimeUnit.SECONDS);
      }
      server.waitClosed();
      assertThat(server.isServing()).isFalse();
      assertThat(server.activeConnections()).isZero();
    }
    assertThat(cancelled).hasSize(4);
  }

  @Test
  @Timeout(60)
  void aPortInUseIsAClearError() throws Exception {
    try (ServerSocket taken = new ServerSocket();
         LoopGroup group = LoopGroup.builder().loops(2).build()) {
      taken.bind(new InetSocketAddress("127.0.0.1", 0));
      assertThatThrownBy(() -> Streams.startServer(group, StreamsTest.ECHO, "127.0.0.1",
          taken.getLocalPort())).isInstanceOf(ConnectionException.class)
          .hasMessageContaining("start server");
    }
  }
}
