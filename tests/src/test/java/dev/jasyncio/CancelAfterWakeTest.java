package dev.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * asyncio's rules for a waiter whose task is cancelled around its wake-up, the same for every
 * primitive: a waiter cancelled before the release never takes what is released, and a waiter
 * cancelled after the wake but before it resumed raises the cancellation and hands back what it
 * was given (to the next waiter, or to the front of the queue).
 */
class CancelAfterWakeTest {
  @Test
  void aLockWaiterCancelledBeforeTheReleaseNeverTakesTheLock() {
    TestLoops.runVirtual(() -> {
      Lock lock = new Lock();
      lock.acquire();
      Task<Boolean> tb = Async.createTask(() -> {
        lock.acquire();
        return true;
      });
      Async.sleep(0);
      Task<Boolean> tc = Async.createTask(() -> {
        lock.acquire();
        return true;
      });
      Async.sleep(0);
      tb.cancel();
      lock.release();
      Async.sleep(0);
      Async.sleep(0);
      assertThat(tb.isCancelled()).isTrue();
      assertThat(tc.isDone()).isTrue();
      assertThat(tc.result()).isTrue();
      assertThat(lock.isLocked()).isTrue();
      lock.release();
      return null;
    });
  }

  @Test
  void theFirstLiveSemaphoreWaiterGetsThePermitWhenAnEarlierOneWasCancelled() {
    TestLoops.runVirtual(() -> {
      Semaphore sem = new Semaphore(0);
      List<Task<Void>> ts = List.of(
          Async.createTask(() -> { sem.acquire(); }),
          Async.createTask(() -> { sem.acquire(); }),
          Async.createTask(() -> { sem.acquire(); }));
      Async.sleep(0);
      ts.get(0).cancel();
      sem.release();
      Async.sleep(0);
      Async.sleep(0);
      assertThat(ts.get(0).isCancelled()).isTrue();
      assertThat(ts.get(1).isDone() && !ts.get(1).isCancelled()).isTrue();
      assertThat(ts.get(2).isDone()).isFalse();
      ts.get(2).cancel();
      Async.sleep(0);
      assertThat(sem.availablePermits()).isZero();
      return null;
    });
  }

  @Test
  void aLockWaiterCancelledAfterItsWakeHandsTheLockToTheNextWaiter() {
    TestLoops.runVirtual(() -> {
      Lock lock = new Lock();
      lock.acquire();
      Task<Boolean> tb = Async.createTask(() -> {
        lock.acquire();
        return true;
      });
      Task<Boolean> tc = Async.createTask(() -> {
        lock.acquire();
        return true;
      });
      Async.sleep(0);
      lock.release(); // hands the lock to tb
      tb.cancel();    // before tb resumed
      Async.sleep(0);
      Async.sleep(0);
      assertThat(tb.isCancelled()).isTrue();
      assertThat(tc.result()).isTrue();
      lock.release();
      assertThat(lock.isLocked()).isFalse();
      return null;
    });
  }

  @Test
  void aSemaphoreWaiterCancelledAfterItsWakeGivesThePermitBack() {
    TestLoops.runVirtual(() -> {
      Semaphore sem = new Semaphore(0);
      Task<Void> t = Async.createTask(() -> { sem.acquire(); });
      Async.sleep(0);
      sem.release();
      t.cancel();
      Async.sleep(0);
      assertThat(t.isCancelled()).isTrue();
      assertThat(sem.availablePermits()).isEqualTo(1);
      return null;
    });
  }

  @Test
  void aGetterCancelledAfterItsWakePutsTheItemBackAtTheFront() {
    TestLoops.runVirtual(() -> {
      Queue<String> q = new Queue<>();
      Task<String> getter = Async.createTask(q::get);
      Async.sleep(0);
      q.putNowait("a"); // handed to the getter
      q.putNowait("b");
      getter.cancel();
      Async.sleep(0);
      assertThat(getter.isCancelled()).isTrue();
      assertThat(q.getNowait()).isEqualTo("a");
      assertThat(q.getNowait()).isEqualTo("b");
      return null;
    });
  }

  @Test
  void aGetterCancelledAfterItsWakeHandsTheItemToTheNextGetter() {
    TestLoops.runVirtual(() -> {
      Queue<String> q = new Queue<>();
      Task<String> first = Async.createTask(q::get);
      Task<String> second = Async.createTask(q::get);
      Async.sleep(0);
      q.putNowait("a");
      first.cancel();
      Async.sleep(0);
      Async.sleep(0);
      assertThat(first.isCancelled()).isTrue();
      assertThat(second.result()).isEqualTo("a");
      return null;
    });
  }

  @Test
  void aPutterCancelledAfterItsItemWasAdmittedTakesItBackOut() {
    TestLoops.runVirtual(() -> {
      Queue<String> q = new Queue<>(1);
      q.putNowait("a");
      Task<Void> putter = Async.createTask(() -> { q.put("b"); });
      Async.sleep(0);
      assertThat(q.getNowait()).isEqualTo("a"); // admits "b"
      putter.cancel();
      Async.sleep(0);
      assertThat(putter.isCancelled()).isTrue();
      assertThat(q.qsize()).isZero();
      q.taskDone();
      q.join(); // every item put was done: the cancelled put counts for nothing
      return null;
    });
  }

  @Test
  void aConditionWaiterCancelledAfterItsNotifyPassesTheNotificationOn() {
    TestLoops.runVirtual(() -> {
      Condition cond = new Condition();
      Task<Void> first = Async.createTask(() -> { cond.withLock(cond::await); });
      Task<Void> second = Async.createTask(() -> { cond.withLock(cond::await); });
      Async.sleep(0);
      cond.withLock(() -> cond.notifyMany(1));
      first.cancel();
      for (int i = 0; i < 4; i++) {
        Async.sleep(0);
      }
      assertThat(first.isCancelled()).isTrue();
      assertThat(second.isDone()).isTrue();
      second.result();
      return null;
    });
  }

  @Test
  void anAwaiterCancelledAfterThePromiseCompletedRaisesTheCancellation() {
    TestLoops.runVirtual(() -> {
      Promise<String> p = Async.createPromise();
      Task<String> t = Async.createTask(p::await);
      Async.sleep(0);
      p.setResult("x");
      t.cancel();
      Async.sleep(0);
      assertThat(t.isCancelled()).isTrue();
      return null;
    });
  }

  @Test
  void anEventWaiterCancelledAfterTheSetRaisesTheCancellation() {
    TestLoops.runVirtual(() -> {
      Event e = new Event();
      Task<Void> t = Async.createTask(() -> { e.await(); });
      Async.sleep(0);
      e.set();
      t.cancel();
      Async.sleep(0);
      assertThatThrownBy(t::result).isInstanceOf(CancelledException.class);
      return null;
    });
  }
}
