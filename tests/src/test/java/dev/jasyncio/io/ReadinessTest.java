package dev.jasyncio.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jasyncio.Async;
import dev.jasyncio.Task;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Readiness owned by the loop (issue 13): idle sockets cost nothing, names resolve off the loop,
 * and memory stays within the water marks however slow the reader.
 */
@Timeout(120)
class ReadinessTest {
  @Test
  void aThousandIdleConnectionsSpendNoCpuAndATimerFiresOnTime() {
    long[] measured = IoLoops.run(() -> {
      Server server = Streams.startServer((r, w) -> r.read(1), "127.0.0.1", 0); // waits for bytes
      List<Connection> clients = new ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        clients.add(Streams.openConnection("127.0.0.1", server.port()));
      }
      while (server.activeConnections() < 1000) {
        Async.sleep(0.01);
      }
      Async.sleep(0.2); // let the setup's own work settle
      var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      long cpu0 = os.getProcessCpuTime();
      long t0 = System.nanoTime();
      Async.sleep(1.5); // 2,001 sockets wait in the loop's selector meanwhile
      long slept = System.nanoTime() - t0;
      long cpu = os.getProcessCpuTime() - cpu0;
      for (Connection c : clients) {
        c.writer().abort();
      }
      server.close();
      server.waitClosed();
      return new long[] {slept, cpu};
    });
    long slept = measured[0];
    long cpu = measured[1];
    assertThat(slept).as("the timer fired on time").isBetween(1_500_000_000L, 2_500_000_000L);
    // a busy poll would burn a whole core for the window; the bound leaves room for JIT and GC
    assertThat(cpu).as("process CPU while idle, ns").isLessThan(600_000_000L);
  }

  @Test
  void aResolverThatSleepsDoesNotHoldTheLoop() {
    CountDownLatch ticked = new CountDownLatch(3);
    Resolver slow = host -> {
      try {
        Thread.sleep(500);
        if (!ticked.await(20, TimeUnit.SECONDS)) { // only the loop's ticker can release this
          throw new IOException("the loop did not tick while " + host + " was resolving");
        }
      } catch (InterruptedException e) {
        throw new IOException("interrupted", e);
      }
      return List.of(InetAddress.getLoopbackAddress());
    };
    AtomicInteger ticks = new AtomicInteger();
    String echoed = IoLoops.run(() -> {
      Server server = Streams.startServer(StreamsTest.ECHO, "127.0.0.1", 0);
      Task<Void> ticker = Async.createTask(() -> {
        while (true) {
          Async.sleep(0.01);
          ticks.incrementAndGet();
          ticked.countDown();
        }
      });
      try (Connection c = Streams.openConnection("echo.test", server.port(),
          StreamOptions.defaults().withResolver(slow))) {
        c.writer().write("resolved\n");
        return c.reader().readlineString();
      } finally {
        ticker.cancel();
        server.close();
      }
    });
    assertThat(echoed).isEqualTo("resolved");
    assertThat(ticks.get()).isGreaterThanOrEqualTo(3);
  }

  @Test
  void anAddressLiteralNeverReachesTheResolverAndAnEmptyAnswerIsNamed() {
    Resolver refuse = host -> {
      throw new AssertionError("the literal " + host + " reached the resolver");
    };
    Resolver empty = host -> List.of();
    IoLoops.run(() -> {
      Server server = Streams.startServer(StreamsTest.ECHO, "127.0.0.1", 0);
      try (Connection c = Streams.openConnection("127.0.0.1", server.port(),
          StreamOptions.defaults().withResolver(refuse))) {
        c.writer().write("literal\n");
        assertThat(c.reader().readlineString()).isEqualTo("literal");
      }
      assertThatThrownBy(() -> Streams.openConnection("nowhere.test", server.port(),
          StreamOptions.defaults().withResolver(empty)))
          .isInstanceOf(ConnectionException.class)
          .hasMessageContaining("nowhere.test");
      server.close();
      return null;
    });
  }

  @Test
  void aWokenReaderThatHasNotRunYetDoesNotKeepTheProducerFeeding() {
    // a loaded loop wakes a reader long after its bytes came: until it runs, the buffer's own
    // size must pause the producer (a stale "a read is waiting" let 4 reads per event pile up)
    StreamReader reader = new StreamReader();
    byte[] chunk = new byte[64 * 1024];
    boolean[] full = IoLoops.run(() -> {
      Task<byte[]> read = Async.createTask(() -> reader.read(16 * 1024));
      Async.sleep(0); // the read now waits on an empty buffer
      boolean[] after = new boolean[3];
      for (int i = 0; i < 3; i++) {
        reader.feedData(chunk); // no step of the woken reader in between, as in one read event
        after[i] = reader.isFull();
      }
      assertThat(read.await()).hasSize(16 * 1024);
      return after;
    });
    assertThat(full).containsExactly(false, false, true);
  }

  @Test
  void aGibibyteToASlowReaderStaysWithinTheWaterMarks() {
    long total = 1L << 30;
    int chunk = 64 * 1024;
    StreamOptions options = StreamOptions.defaults();
    long[] readerMax = new long[1];
    long[] got = IoLoops.run(() -> {
      Server server = Streams.startServer((r, w) -> {
        long n = 0;
        int reads = 0;
        byte[] b;
        do {
          readerMax[0] = Math.max(readerMax[0], r.buffered());
          b = r.read(16 * 1024); // a quarter of what the writer sends per write
          n += b.length;
          if (++reads % 4 == 0) {
            Async.sleep(0); // and it lets everyone else go first now and then
          }
        } while (b.length > 0);
        w.write(n + "\n");
      }, "127.0.0.1", 0, options);
      long writerMax = 0;
      try (Connection c = Streams.openConnection("127.0.0.1", server.port(), options)) {
        byte[] data = new byte[chunk];
        for (long sent = 0; sent < total; sent += chunk) {
          c.writer().write(data);
          writerMax = Math.max(writerMax, c.writer().bufferSize());
          c.writer().drain();
        }
        c.writer().writeEof();
        long received = Long.parseLong(c.reader().readlineString());
        server.close();
        return new long[] {received, writerMax};
      }
    });
    assertThat(got[0]).isEqualTo(total);
    assertThat(got[1]).as("bytes the writer held").isLessThanOrEqualTo(options.highWater() + chunk);
    assertThat(readerMax[0]).as("bytes the reader held")
        .isLessThanOrEqualTo(2L * options.limit() + IoLoop.BUFFER_SIZE);
  }
}
