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
 * none once it ends unwoken, and virtual time that never jumps to a cancelled deadline; and the
 * queue itself against a model, with most timers in deadline order (its run) and the rest not (its
 * heap), and a run that keeps no more than twice its timers however many are cancelled.
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
  void timersOfOneDelayAndScatteredOnesComeOutInOrderWhateverIsCancelled() {
    // the queue itself against a model: most timers come in deadline order (one delay from a
    // clock that only moves on), the rest anywhere, and a third of all are cancelled at random
    SplittableRandom rnd = new SplittableRandom(11);
    TimerQueue q = new TimerQueue();
    java.util.TreeMap<long[], SleepWaiter> model = new java.util.TreeMap<>(
        Comparator.<long[]>comparingLong(k -> k[0]).thenComparingLong(k -> k[1]));
    List<SleepWaiter> live = new ArrayList<>();
    java.util.Map<SleepWaiter, long[]> keys = new java.util.IdentityHashMap<>();
    long now = 0;
    long order = 0;
    for (int step = 0; step < 200_000; step++) {
      int op = rnd.nextInt(10);
      if (op < 5) {
        int kind = rnd.nextInt(200);
        long deadline = kind < 130 ? now + 500 // in order
            : kind < 150 ? now + 500 - rnd.nextLong(1, 8) // just before the newest: out of order
            : kind < 199 ? now + rnd.nextLong(500) // earlier
            : now + 500 + rnd.nextLong(500); // later: the run's newest, for a while
        SleepWaiter w = new SleepWaiter(null, deadline);
        q.add(w);
        long[] key = {deadline, order++};
        model.put(key, w);
        keys.put(w, key);
        live.add(w);
      } else if (op < 7 && !live.isEmpty()) {
        SleepWaiter w = live.remove(rnd.nextInt(live.size()));
        q.remove(w);
        q.remove(w); // twice: the second finds it gone
        model.remove(keys.remove(w));
        assertThat(w.heapIndex).isEqualTo(-1);
      } else {
        now += rnd.nextLong(20);
        while (!model.isEmpty() && model.firstKey()[0] <= now) {
          assertThat(q.nextDeadline()).isEqualTo(model.firstKey()[0]);
          SleepWaiter w = model.pollFirstEntry().getValue();
          ReadyItem got = q.poll();
          assertThat(got == w).as("step %d: the earliest timer comes out", step).isTrue();
          live.remove(w);
          keys.remove(w);
        }
      }
      assertThat(q.size()).isEqualTo(model.size());
    }
    assertThat(q.nextDeadline()).isEqualTo(model.isEmpty() ? Long.MAX_VALUE : model.firstKey()[0]);
  }

  @Test
  void cancelledTimersBehindALongOneLeaveTheRunNoLargerThanTwiceWhatIsLive() {
    TimerQueue q = new TimerQueue();
    SleepWaiter first = new SleepWaiter(null, 1_000_000);
    q.add(first); // holds the run's head: the holes behind it cannot leave from the front
    assertThat(q.runSlots()).as("a timer in deadline order joins the run").isEqualTo(1);
    int peak = 0;
    for (int i = 1; i <= 100_000; i++) {
      SleepWaiter w = new SleepWaiter(null, 1_000_000 + i);
      q.add(w);
      q.remove(w); // a timeout cancelled as its request ends
      peak = Math.max(peak, q.runSlots());
    }
    assertThat(q.size()).isEqualTo(1);
    assertThat(peak).isLessThanOrEqualTo(2 * 64 + 2);
    assertThat(q.poll()).isSameAs(first);
    assertThat(q.isEmpty()).isTrue();
    assertThat(q.runSlots()).isZero();
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
