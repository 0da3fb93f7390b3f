package dev.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * No Event or Condition wake-up is lost under random cancellation: every waiter still waiting
 * when the event is set wakes; a notify(k) wakes exactly min(k, waiting) tasks, counting those
 * cancelled in the same step (the wake wins over their cancel).
 */
class WakeupProperties {
  @Property(tries = 60)
  void anEventWakesEveryWaiterNotCancelledFirst(@ForAll long seed) {
    Random r = new Random(seed);
    Watchdog.run(() -> {
      Event e = new Event();
      int n = 1 + r.nextInt(8);
      List<Task<Void>> waiters = new ArrayList<>();
      boolean[] cancelled = new boolean[n];
      for (int i = 0; i < n; i++) {
        waiters.add(Async.createTask(() -> {
          Async.sleep(r.nextInt(3));
          e.await();
        }));
      }
      Async.sleep(r.nextInt(3));
      for (int i = 0; i < n; i++) {
        if (r.nextInt(3) == 0) {
          cancelled[i] = waiters.get(i).cancel();
        }
        if (r.nextInt(4) == 0) {
          Async.sleep(0);
        }
      }
      e.set();
      for (int i = 0; i < n; i++) {
        Task<Void> w = waiters.get(i);
        try {
          w.await();
        } catch (CancelledException c) {
          assertThat(cancelled[i]).as("only a cancelled waiter may end cancelled").isTrue();
        }
      }
      return null;
    });
  }

  @Property(tries = 60)
  void aConditionNotifyWakesExactlyMinOfCountAndWaiters(@ForAll long seed) {
    Random r = new Random(seed);
    Watchdog.run(() -> {
      Condition cond = new Condition();
      int n = 1 + r.nextInt(8);
      int[] woken = new int[1];
      List<Task<Void>> waiters = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        waiters.add(Async.createTask(() -> cond.withLock(() -> {
          cond.await();
          woken[0]++;
        })));
      }
      Async.sleep(0);
      for (Task<Void> w : waiters) {
        if (r.nextInt(3) == 0) {
          w.cancel();
        }
        if (r.nextInt(4) == 0) {
          Async.sleep(0); // some cancellations take effect before the notify, some do not
        }
      }
      int k = r.nextInt(n + 2);
      int waitingAtNotify = cond.withLock(() -> {
        int waiting = cond.waiting();
        cond.notifyMany(k);
        return waiting;
      });
      for (int i = 0; i < 3; i++) {
        Async.sleep(0);
      }
      assertThat(woken[0]).isEqualTo(Math.min(k, waitingAtNotify));
      cond.withLock(cond::notifyAllWaiters);
      for (Task<Void> w : waiters) {
        try {
          w.await();
        } catch (CancelledException expected) {
          // cancelled before it was notified
        }
      }
      assertThat(cond.isLocked()).isFalse();
      return null;
    });
  }
}
