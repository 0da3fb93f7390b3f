package dev.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Event: set wakes every waiter, clear, cancellation. */
class EventTest {
  @Test
  void setWakesEveryWaiterAndLaterWaitsReturnAtOnce() {
    List<String> out = TestLoops.list();
    double end = TestLoops.runVirtual(() -> {
      Event ready = new Event();
      Task<?> a = Async.createTask(() -> {
        ready.await();
        out.add("a");
      });
      Task<?> b = Async.createTask(() -> {
        ready.await();
        out.add("b");
      });
      Async.sleep(2);
      assertThat(out).isEmpty();
      ready.set();
      a.await();
      b.await();
      assertThat(ready.isSet()).isTrue();
      ready.await(); // set: returns at once
      return Async.currentLoop().time();
    });
    assertThat(out).containsExactly("a", "b");
    assertThat(end).isEqualTo(2.0);
  }

  @Test
  void clearMakesLaterWaitsSuspendAgain() {
    TestLoops.runVirtual(() -> {
      Event e = new Event();
      e.set();
      e.clear();
      assertThat(e.isSet()).isFalse();
      Task<?> w = Async.createTask(e::await);
      Async.sleep(1);
      assertThat(w.isDone()).isFalse();
      e.set();
      w.await();
      return null;
    });
  }

  @Test
  void aCancelledWaiterLeavesAndTheOthersStillWake() {
    TestLoops.runVirtual(() -> {
      Event e = new Event();
      Task<?> a = Async.createTask(e::await);
      Task<?> b = Async.createTask(e::await);
      Async.sleep(0);
      a.cancel();
      Async.sleep(0);
      assertThat(a.isCancelled()).isTrue();
      e.set();
      b.await();
      assertThat(b.isCancelled()).isFalse();
      return null;
    });
  }

  @Test
  void aWaiterCancelledAfterItsWakeRaisesTheCancellation() {
    TestLoops.runVirtual(() -> {
      Event e = new Event();
      List<String> out = TestLoops.list();
      Task<?> a = Async.createTask(() -> {
        e.await();
        out.add("woken");
      });
      Async.sleep(0);
      e.set();
      a.cancel(); // after the wake, before a resumed: asyncio's rule, the wait raises
      Async.sleep(0);
      assertThat(out).isEmpty();
      assertThat(a.isCancelled()).isTrue();
      return null;
    });
  }
}
