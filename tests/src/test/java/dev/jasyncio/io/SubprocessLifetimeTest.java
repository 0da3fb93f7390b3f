package dev.jasyncio.io;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jasyncio.Async;
import dev.jasyncio.Task;
import dev.jasyncio.TimeoutException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * No child outlives its loop: a subprocess nobody awaited, one that ignores SIGTERM, and the
 * processes it started itself are gone from the real process table ({@code ps}) when the loop's
 * close returns, or when a cancelled wait throws.
 */
@Timeout(60)
class SubprocessLifetimeTest {
  /** A shell that ignores SIGTERM, starts a sleep of its own and prints both pids. */
  private static final String STUBBORN = "trap '' TERM; sleep 300 & echo $$ $!; wait";

  /** Whether {@code ps} lists {@code pid} as a live (not zombie) process. */
  private static boolean inProcessTable(long pid) throws Exception {
    Process ps = new ProcessBuilder("ps", "-o", "stat=", "-p", Long.toString(pid)).start();
    String stat = new String(ps.getInputStream().readAllBytes(), UTF_8).trim();
    ps.waitFor();
    return !stat.isEmpty() && !stat.startsWith("Z");
  }

  private static long[] pids(Subprocess p) {
    String[] f = p.stdout().readlineString().trim().split(" ");
    return new long[] {Long.parseLong(f[0]), Long.parseLong(f[1])};
  }

  @Test
  void closingTheLoopStopsAChildNobodyAwaitedAndItsOwnChildren() throws Exception {
    long t0 = System.nanoTime();
    long[] pids = IoLoops.run(() -> {
      Subprocess p = Subprocess.shell(STUBBORN).killAfter(Duration.ofMillis(300));
      long[] both = pids(p);
      assertThat(inProcessTable(both[0])).isTrue();
      assertThat(inProcessTable(both[1])).isTrue();
      return both; // never awaited: the loop's close must stop it
    });
    long tookMs = (System.nanoTime() - t0) / 1_000_000;
    assertThat(inProcessTable(pids[0])).as("the child %d", pids[0]).isFalse();
    assertThat(inProcessTable(pids[1])).as("the child's own child %d", pids[1]).isFalse();
    assertThat(tookMs).as("close is bounded by the grace period, generously").isLessThan(30_000);
  }

  @Test
  void aCancelledWaitReapsTheProcessTreeBeforeItThrows() throws Exception {
    long[] pids = IoLoops.run(() -> {
      Subprocess p = Subprocess.shell(STUBBORN).killAfter(Duration.ofMillis(200));
      long[] both = pids(p);
      assertThatThrownBy(() -> Async.timeout(Duration.ofMillis(50), () -> p.waitFor()))
          .isInstanceOf(TimeoutException.class);
      assertThat(inProcessTable(both[0])).isFalse(); // already, when the wait has thrown
      assertThat(inProcessTable(both[1])).isFalse();
      return both;
    });
    assertThat(pids[0]).isPositive();
  }

  @Test
  void aCancelledCommunicateLeavesNoHelperTaskAndNoProcess() throws Exception {
    long pid = IoLoops.run(() -> {
      Subprocess p = Subprocess.exec("sleep", "300").killAfter(Duration.ofMillis(200));
      assertThatThrownBy(() -> Async.timeout(Duration.ofMillis(50), () -> p.communicate(null)))
          .isInstanceOf(TimeoutException.class);
      List<Task<?>> left = Async.currentLoop().allTasks();
      assertThat(left).as("no helper of communicate is left")
          .noneMatch(t -> t.getName().matches("pid\\d+-std(in|out|err)"));
      assertThat(inProcessTable(p.pid())).isFalse();
      return p.pid();
    });
    assertThat(pid).isPositive();
  }

  @Test
  void aHelperOfCommunicateThatFailsCancelsAndAwaitsTheOthersAndTheErrorSurfaces() throws Exception {
    long pid = IoLoops.run(() -> {
      // stdout and stderr stay open while it runs: their helpers wait until they are cancelled
      Subprocess p = Subprocess.shell("exec 0<&-; sleep 300").killAfter(Duration.ofMillis(200));
      p.stdin().close(); // communicate's stdin helper then fails to write: not a cancellation
      assertThatThrownBy(() -> p.communicate("never sent".getBytes(UTF_8)))
          .isInstanceOf(dev.jasyncio.ExceptionGroup.class)
          .satisfies(e -> assertThat(((dev.jasyncio.ExceptionGroup) e).exceptions())
              .singleElement().isInstanceOf(StreamClosedException.class));
      List<Task<?>> left = Async.currentLoop().allTasks();
      assertThat(left).as("the reading helpers were cancelled and awaited")
          .noneMatch(t -> t.getName().matches("pid\\d+-std(in|out|err)"));
      assertThat(inProcessTable(p.pid())).as("stopped and reaped before it threw").isFalse();
      return p.pid();
    });
    assertThat(pid).isPositive();
  }
}
