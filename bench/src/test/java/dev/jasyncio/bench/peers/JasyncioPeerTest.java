package dev.jasyncio.bench.peers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jasyncio.bench.Bodies;
import dev.jasyncio.bench.PrimitiveWorkloads;
import dev.jasyncio.bench.TcpWorkloads;
import org.junit.jupiter.api.Test;

/**
 * The jasyncio peer under {@code --loops 2}: the spreading workloads run on one group the peer
 * keeps from run to run, with the right checksums, and {@code close} ends its threads (they are
 * not daemons: a peer process that kept them would never exit).
 */
class JasyncioPeerTest {

  /** Live threads of any LoopGroup's loops ({@code LoopGroup-G-I}). */
  private static long groupThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().matches("LoopGroup-\\d+-\\d+")).count();
  }

  @Test
  void spreadingWorkloadsShareOneKeptGroupUntilClose() throws Exception {
    long before = groupThreads();
    String old = System.setProperty("jasyncio.bench.loops", "2");
    JasyncioPeer peer;
    try {
      peer = new JasyncioPeer();
    } finally {
      if (old == null) {
        System.clearProperty("jasyncio.bench.loops");
      } else {
        System.setProperty("jasyncio.bench.loops", old);
      }
    }
    try (peer) {
      var bodies = peer.workloads().asMap();
      Bodies.Body spawn = bodies.get(PrimitiveWorkloads.SPAWN);
      int n = 1_000; // each loop spawns 500 returning 0..499
      long perLoop = 499L * 500 / 2;
      assertThat(spawn.run(n, null)).isEqualTo(2 * perLoop);
      assertThat(groupThreads() - before).as("one group of two loops").isEqualTo(2);
      assertThat(spawn.run(n, null)).isEqualTo(2 * perLoop);
      assertThat(bodies.get(PrimitiveWorkloads.SEMAPHORE).run(1_000, null)).isEqualTo(1_000);
      assertThat(bodies.get(TcpWorkloads.TCP_ECHO).run(1_000, null)).isEqualTo(1_000);
      assertThat(groupThreads() - before).as("every run on the same group").isEqualTo(2);
    }
    for (int i = 0; i < 200 && groupThreads() > before; i++) {
      Thread.sleep(10); // close joins the loops; their threads may still be ending
    }
    assertThat(groupThreads()).as("close ended the group's threads").isEqualTo(before);
  }

  @Test
  void oneLoopRunsTheSameWorkloadsAgainAndAgain() throws Exception {
    long before = groupThreads();
    try (JasyncioPeer peer = new JasyncioPeer()) {
      var bodies = peer.workloads().asMap();
      for (int i = 0; i < 3; i++) {
        assertThat(bodies.get(PrimitiveWorkloads.SPAWN).run(100, null)).isEqualTo(99L * 100 / 2);
        assertThat(bodies.get(TcpWorkloads.TCP_ECHO).run(1_000, null)).isEqualTo(1_000);
      }
      assertThat(groupThreads()).as("one loop starts no group").isEqualTo(before);
    }
  }
}
