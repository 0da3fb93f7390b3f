package dev.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The loop's timer heap at scale, through the public API: the firing order with many equal and
 * scattered deadlines and most of them cancelled, cancellations from the loop and from another
 * thread, equal deadlines in schedule order across the wrap of the sequence that orders them (for
 * callbacks and for sleeps, which are their own timers), a sleep's one timer while it sleeps and
 * none once it ends unwoken, and virtual time that never jumps to a cancelled deadline.
 */
class TimerQueueTest {
  private record Timer(long millis, int order) {}

  @Test
  void timersFireByDeadlineThenInScheduleOrderAndCancelledOnesNever() {
    int n = 20_000;
    List<Timer> fired = TestLoops.list();
    List<Timer> expected = new ArrayList<>();
    TestLoops.runVirtual(() -> {
      Loop loop = Async.currentLoop();
      SplittableRandom rnd = new SplittableRandom(7);
      TimerHandle[] handles = new TimerHandle[n];
      Timer[] timers = new Timer[n];
      for (int i = 0; i < n; i++) {
        long ms = rnd.nextInt(4) == 0 ? 500 : rnd.nextLong(1_000); // a quarter share one deadline
        Timer t = new Timer(ms, i);
        timers[i] = t;
        handles[i] = loop.callLater(Duration.ofMillis(ms), () -> fired.add(t));
      }
      // cancel two thirds (slots all over the heap), then some of the rest
      int cancelled = 0;
      for (int i = 0; i < n; i++) {
        if (i % 3 != 0) {
          handles[i].cancel();
          handles[i].cancel(); // twice: counted once
          cancelled++;
        }
      }
      assertThat(loop.pendingTimers()).isEqualTo(n - cancelled);
      for (int i = 0; i < n; i += 3) {
        if (i % 7 == 0) {
          handles[i].cancel();
          cancelled++;
        } else {
          expected.add(timers[i]);
        }
      }
      assertThat(loop.pendingTimers()).isEqualTo(n - cancelled).isEqualTo(expected.size());
      Async.sleep(Duration.ofSeconds(2));
      assertThat(loop.pendingTimers()).isZero();
      return null;
    });
    expected.sort(Comparator.comparingLong(Timer::millis).thenComparingInt(Timer::order));
    assertThat(fired).containsExactlyElementsOf(expected);
  }

  @Test
  void equalDeadlinesFireInScheduleOrderAcrossTheWrapOfTheSequence() throws Exception {
    List<Integer> fired = TestLoops.list();
    TestLoops.runVirtual(() -> {
      Loop loop = Async.currentLoop();
      startSequenceShortOfItsWrap(loop, 10);
      double when = loop.time() + 1;
      for (int i = 0; i < 30; i++) {
        int order = i;
        loop.callAt(when, () -> fired.add(order));
      }
      Async.sleep(Duration.ofSeconds(2));
      return null;
    });
    assertThat(fired).hasSize(30).isSorted();
  }

  /** The sequence that orders equal deadlines is an int: starts it {@code shortBy} before its wrap. */
  private static void startSequenceShortOfItsWrap(Loop loop, int shortBy) throws Exception {
    java.lang.reflect.Field seq = TimerQueue.class.getDeclaredField("nextSeq");
    seq.setAccessible(true);
    seq.setInt(loop.scheduler.timers, Integer.MAX_VALUE - shortBy);
  }

  @Test
  void sleepsOfOneDeadlineWakeInTheOrderTheySleptAcrossTheWrapOfTheSequence() {
    List<Integer> woke = TestLoops.list();
    TestLoops.runVirtual(() -> {
      startSequenceShortOfItsWrap(Async.currentLoop(), 100);
      // one batch of first steps: every sleep takes the same deadline, and on the portable
      // backend each step hands the loop straight on to the next, so the sleeps join the heap
      // in those hand-offs
      List<Task<Void>> sleepers = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        int k = i;
        sleepers.add(Async.createTask(() -> {
          Async.sleep(Duration.ofSeconds(1));
          woke.add(k);
        }));
      }
      for (Task<Void> t : sleepers) {
        t.await();
      }
      return null;
    });
    assertThat(woke).hasSize(300).isSorted();
  }

  @Test
  void aSleepIsOneTimerWhileItsTaskSleepsAndNoneOnceItIsCancelled() {
    TestLoops.runVirtual(() -> {
      Loop loop = Async.currentLoop();
      Task<Void> sleeper = Async.createTask(() -> Async.sleep(Duration.ofSeconds(60)));
      Async.sleep(0); // the sleeper's first step runs, and it parks in its sleep
      assertThat(loop.pendingTimers()).isEqualTo(1);
      assertThat(CurrentWait.of(sleeper).description()).isEqualTo("Async.sleep (wakes in 1m0s)");
      sleeper.cancel();
      assertThatThrownBy(sleeper::await).isInstanceOf(CancelledException.class);
      assertThat(loop.pendingTimers()).isZero();
      return null;
    });
  }

  @Test
  void aSleepThatRaisesBeforeItParksLeavesNoTimer() {
    double[] at = new double[2];
    TestLoops.runVirtual(() -> {
      Loop loop = Async.currentLoop();
      Task<Void> early = Async.createTask(() -> {
        Task.current().cancel(); // pending at the sleep: it raises without parking
        Async.sleep(Duration.ofSeconds(60));
      });
      assertThatThrownBy(early::await).isInstanceOf(CancelledException.class);
      // a scope whose deadline has passed: the sleep raises at once, and the scope catches it
      CancelScope expired = CancelScope.moveOnAfter(Duration.ZERO,
          () -> Async.sleep(Duration.ofSeconds(60)));
      assertThat(expired.cancelledCaught()).isTrue();
      assertThat(loop.pendingTimers()).isZero();
      at[0] = loop.time();
      Async.sleep(Duration.ofSeconds(1)); // and the next sleep is still on time
      at[1] = loop.time();
      return null;
    });
    assertThat(at[1] - at[0]).isEqualTo(1.0);
  }

  @Test
  void aTimerCancelledFromAnotherThreadNeverFiresAndLeavesTheCount() {
    List<String> fired = TestLoops.list();
    TestLoops.runVirtual(() -> {
      Loop loop = Async.currentLoop();
      TimerHandle far = loop.callLater(Duration.ofSeconds(5), () -> fired.add("far"));
      loop.callLater(Duration.ofSeconds(6), () -> fired.add("later"));
      CompletableFuture.runAsync(far::cancel).join(); // a foreign thread: through the inbox
      for (int turns = 0; turns < 10 && loop.pendingTimers() != 1; turns++) {
        Async.sleep(0); // a loop turn or two: the inbox is taken in
      }
      assertThat(loop.pendingTimers()).isEqualTo(1);
      Async.sleep(Duration.ofSeconds(10));
      return null;
    });
    assertThat(fired).containsExactly("later");
  }

  @Test
  void virtualTimeNeverJumpsToACancelledDeadline() {
    double at = TestLoops.runVirtual(() -> {
      Loop loop = Async.currentLoop();
      List<TimerHandle> early = new ArrayList<>();
      for (int i = 1; i <= 1000; i++) {
        early.add(loop.callLater(Duration.ofSeconds(i), () -> { }));
      }
      early.forEach(TimerHandle::cancel);
      Promise<Double> woke = loop.createPromise();
      loop.callLater(Duration.ofSeconds(3600), () -> woke.setResult(loop.time()));
      return woke.await();
    });
    assertThat(at).isEqualTo(3600.0);
  }
}
