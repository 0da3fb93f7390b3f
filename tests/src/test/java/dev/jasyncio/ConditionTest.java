package dev.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Condition: notify(n) in FIFO order, notifyAllWaiters, waitFor, cancellation, misuse. */
class ConditionTest {
  private static Task<Void> waiter(Condition c, List<String> out, String name) {
    return Async.createTask(() -> c.withLock(() -> {
      c.await();
      assertThat(c.isLocked()).isTrue();
      out.add(name);
    }));
  }

  @Test
  void notifyWakesTheLongestWaitingFirst() {
    List<String> out = TestLoops.list();
    TestLoops.runVirtual(() -> {
      Condition c = new Condition();
      List<Task<Void>> ws = new ArrayList<>();
      for (String n : List.of("a", "b", "c", "d")) {
        ws.add(waiter(c, out, n));
      }
      Async.sleep(0);
      assertThat(c.waiting()).isEqualTo(4);
      c.withLock(() -> c.notifyMany(2));
      Async.sleep(0);
      assertThat(out).containsExactly("a", "b");
      c.withLock(c::notifyOne);
      Async.sleep(0);
      assertThat(out).containsExactly("a", "b", "c");
      c.withLock(c::notifyAllWaiters);
      for (Task<Void> w : ws) {
        w.await();
      }
      assertThat(c.isLocked()).isFalse();
      return null;
    });
    assertThat(out).containsExactly("a", "b", "c", "d");
  }

  @Test
  void waitForChecksThePredicateAfterEachNotification() {
    TestLoops.runVirtual(() -> {
      Condition c = new Condition();
      List<Integer> items = new ArrayList<>();
      Task<Integer> consumer = Async.createTask(() -> c.withLock(() -> {
        c.waitFor(() -> items.size() >= 3);
        return items.size();
      }));
      for (int i = 0; i < 3; i++) {
        Async.sleep(1);
        c.withLock(() -> {
          items.add(1);
          c.notifyAllWaiters();
        });
      }
      assertThat(consumer.await()).isEqualTo(3);
      return null;
    });
  }

  @Test
  void aCancelledWaiterConsumesNoNotificationAndHoldsTheLockWhenItThrows() {
    List<String> out = TestLoops.list();
    TestLoops.runVirtual(() -> {
      Condition c = new Condition();
      Task<Void> a = Async.createTask(() -> c.withLock(() -> {
        try {
          c.await();
        } catch (CancelledException e) {
          out.add("a cancelled, locked=" + c.isLocked());
          throw e;
        }
      }));
      Task<Void> b = waiter(c, out, "b");
      Async.sleep(0);
      try (Acquired held = c.acquire()) {
        a.cancel(); // a must re-take the lock, which we hold: it waits for us
        Async.sleep(0);
        assertThat(a.isDone()).isFalse();
        c.notifyMany(1); // goes to b: a left the waiters
      }
      b.await();
      assertThatThrownBy(a::await).isInstanceOf(CancelledException.class);
      assertThat(c.isLocked()).isFalse();
      return null;
    });
    assertThat(out).containsExactlyInAnyOrder("a cancelled, locked=true", "b");
  }

  @Test
  void aNotificationHandedBeforeACancelIsNotLost() {
    List<String> out = TestLoops.list();
    TestLoops.runVirtual(() -> {
      Condition c = new Condition();
      Task<Void> a = waiter(c, out, "a");
      Async.sleep(0);
      c.withLock(() -> c.notifyMany(1));
      a.cancel(); // after the notification: await raises, holding the lock again, as asyncio
      assertThatThrownBy(a::await).isInstanceOf(CancelledException.class);
      assertThat(c.isLocked()).isFalse();
      return null;
    });
    assertThat(out).isEmpty();
  }

  @Test
  void waitingOrNotifyingWithoutTheLockIsANamedError() {
    TestLoops.runVirtual(() -> {
      Condition c = new Condition();
      assertThatThrownBy(c::await).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("Condition.await needs the condition's lock held");
      assertThatThrownBy(c::notifyOne).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("Condition.notifyOne needs the condition's lock held");
      c.withLock(() -> assertThatThrownBy(() -> c.notifyMany(-1))
          .isInstanceOf(IllegalArgumentException.class));
      return null;
    });
  }

  @Test
  void conditionsMayShareALock() {
    TestLoops.runVirtual(() -> {
      Lock lock = new Lock();
      Condition c1 = new Condition(lock);
      Condition c2 = new Condition(lock);
      Task<Void> w = Async.createTask(() -> c1.withLock(c1::await));
      Async.sleep(0);
      c2.withLock(c1::notifyOne);
      w.await();
      assertThat(c1.lock()).isSameAs(c2.lock());
      return null;
    });
  }
}
