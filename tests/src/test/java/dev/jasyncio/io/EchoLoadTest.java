package dev.jasyncio.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jasyncio.Async;
import dev.jasyncio.Task;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** 1,000 concurrent loopback connections, each echoing 1 MiB byte-exact. Bounded, not timed. */
class EchoLoadTest {
  static final int CONNECTIONS = 1000;
  static final int BYTES = 1 << 20;
  static final int CHUNK = 32 * 1024;

  @Test
  @Timeout(120)
  void thousandConnectionsEachEchoOneMebibyte() {
    long mismatches = IoLoops.run(() -> {
      Server server = Streams.startServer(StreamsTest.ECHO, "127.0.0.1", 0);
      List<Task<Boolean>> clients = new ArrayList<>();
      for (int i = 0; i < CONNECTIONS; i++) {
        int seed = i;
        clients.add(Async.createTask(() -> echoOnce(server.port(), seed)));
      }
      long bad = 0;
      for (Task<Boolean> t : clients) {
        bad += t.await() ? 0 : 1;
      }
      server.close();
      server.waitClosed();
      return bad;
    });
    assertThat(mismatches).isZero();
  }

  /** Sends 1 MiB of a pattern while reading the echo back concurrently; true if byte-exact. */
  static boolean echoOnce(int port, int seed) {
    Connection c = Streams.openConnection("127.0.0.1", port);
    byte[] chunk = new byte[CHUNK];
    for (int i = 0; i < CHUNK; i++) {
      chunk[i] = (byte) (i * 31 + seed);
    }
    Task<Void> sender = Async.createTask(() -> {
      for (int sent = 0; sent < BYTES; sent += CHUNK) {
        c.writer().write(chunk);
        c.writer().drain();
      }
      c.writer().writeEof();
    });
    boolean same = true;
    int received = 0;
    while (received < BYTES) {
      byte[] part = c.reader().readexactly(Math.min(CHUNK, BYTES - received));
      same &= Arrays.equals(part, 0, part.length, chunk, 0, part.length);
      received += part.length;
    }
    same &= c.reader().read(1).length == 0;
    sender.await();
    c.writer().close();
    c.writer().waitClosed();
    return same;
  }
}
