package dev.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/**
 * Deadlines at the edges: far in the past, infinite, NaN (on the real clock, where the loop's time
 * is large), and a deadline that passed while the task ran without suspending (Trio's rule: the
 * next checkpoint sees it).
 */
class DeadlineEdgesTest {
  private static <T> T onRealClock(Callable<T> main) {
    try (Loop loop = Loop.builder().build()) {
      return loop.runUntilComplete(main);
    }
  }

  @Test
  void deadlinesFarInThePastCancelAtOnce() {
    List<String> out = TestLoops.list();
    onRealClock(() -> {
      for (double d : new double[] {-1e10, -1e300, Double.NEGATIVE_INFINITY, Long.MIN_VALUE / 1e9}) {
        CancelScope s = CancelScope.moveOnAt(d, () -> {
          Async.sleep(0);
          out.add("ran past the deadline " + d);
        });
        assertThat(s.cancelledCaught()).as("moveOnAt(%s)", d).isTrue();
      }
      assertThatThrownBy(() -> Async.timeoutAt(Double.NEGATIVE_INFINITY, s -> {
        Async.sleep(0);
        return out.add("ran");
      })).isInstanceOf(TimeoutException.class);
      CancelScope moved = new CancelScope();
      moved.run(() -> {
        moved.setDeadline(Double.NEGATIVE_INFINITY);
        Async.sleep(0);
        out.add("ran after setDeadline(-inf)");
      });
      assertThat(moved.cancelledCaught()).isTrue();
      assertThat(moved.deadline()).isEqualTo(Double.NEGATIVE_INFINITY);
      return null;
    });
    assertThat(out).isEmpty();
  }

  @Test
  void infiniteAndHugeDeadlinesNeverFireAndNanIsANamedError() {
    onRealClock(() -> {
      for (double d : new double[] {Double.POSITIVE_INFINITY, 1e300, Long.MAX_VALUE / 1e9}) {
        CancelScope s = CancelScope.moveOnAt(d, () -> Async.sleep(0.001));
        assertThat(s.cancelledCaught()).isFalse();
        assertThat(s.deadline()).isEqualTo(Double.POSITIVE_INFINITY);
      }
      assertThatThrownBy(() -> CancelScope.at(Double.NaN)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("deadline is NaN");
      assertThatThrownBy(() -> new CancelScope().setDeadline(Double.NaN))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("deadline is NaN");
      assertThatThrownBy(() -> Async.sleep(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> Async.currentLoop().callAt(Double.NaN, () -> {}))
          .isInstanceOf(IllegalArgumentException.class);
      TimerHandle far = Async.currentLoop().callLater(Duration.ofSeconds(Long.MAX_VALUE), () -> {});
      assertThat(far.when()).isGreaterThan(1e9);
      far.cancel();
      return null;
    });
  }

  @Test
  void aCheckpointSeesADeadlineThatPassedWhileTheTaskRan() {
    TestLoops.runVirtual(() -> {
      VirtualClock clock = (VirtualClock) Async.currentLoop().clock();
      List<String> out = TestLoops.list();
      CancelScope s = CancelScope.moveOnAfter(Duration.ofSeconds(5), () -> {
        clock.advance(Duration.ofSeconds(10)); // as if the task computed for 10 s
        Async.sleep(0); // the first checkpoint after the deadline is cancelled
        out.add("not cancelled");
      });
      assertThat(s.cancelledCaught()).isTrue();
      assertThat(out).isEmpty();
      CancelScope quiet = CancelScope.moveOnAfter(Duration.ofSeconds(5),
          () -> clock.advance(Duration.ofSeconds(10)));
      assertThat(quiet.isCancelCalled()).isTrue(); // it passed before the scope exited
      assertThat(quiet.cancelledCaught()).isFalse();
      return null;
    });
  }

  @Test
  void aCheckpointSeesADeadlineThatPassedDuringRealWork() {
    onRealClock(() -> {
      boolean[] passedTheCheckpoint = {false};
      CancelScope cs = CancelScope.moveOnAfter(Duration.ofMillis(10), () -> {
        long end = System.nanoTime() + 50_000_000L;
        while (System.nanoTime() < end) {
          Thread.onSpinWait(); // 50 ms of work, no suspension
        }
        Async.sleep(0); // the first checkpoint after the deadline must be cancelled
        passedTheCheckpoint[0] = true;
      });
      assertThat(passedTheCheckpoint[0]).isFalse();
      assertThat(cs.cancelledCaught()).isTrue();
      return null;
    });
  }
}
