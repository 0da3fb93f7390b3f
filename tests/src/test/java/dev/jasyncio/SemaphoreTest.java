package dev.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Semaphore and BoundedSemaphore: limits, FIFO hand-off, cancellation safety, misuse. */
class SemaphoreTest {
  @Test
  void atMostPermitsTasksHoldItAtOnce() {
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    double end = TestLoops.runVirtual(() -> {
      Semaphore sem = new Semaphore(3);
      List<Task<Void>> tasks = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        tasks.add(Async.createTask(() -> sem.withPermit(() -> {
          most.accumulateAndGet(inside.incrementAndGet(), Math::max);
          Async.sleep(1);
          inside.decrementAndGet();
        })));
      }
      for (Task<Void> t : tasks) {
        t.await();
      }
      assertThat(sem.availablePermits()).isEqualTo(3);
      return Async.currentLoop().time();
    });
    assertThat(most.get()).isEqualTo(3);
    assertThat(end).isEqualTo(4.0); // 10 jobs, 3 at a time: 4 rounds
  }

  @Test
  void aReleasedPermitGoesToTheFirstWaiterNotToANewcomer() {
    List<String> out = TestLoops.list();
    TestLoops.runVirtual(() -> {
      Semaphore sem = new Semaphore(1);
      try (Acquired p = sem.acquire()) {
        Async.createTask(() -> {
          try (Acquired q = sem.acquire()) {
            out.add("waiter");
          }
        });
        Async.sleep(0);
      }
      assertThat(sem.tryAcquire()).isFalse(); // handed over, not free for a barging newcomer
      assertThat(sem.isLocked()).isTrue();
      Async.sleep(0);
      assertThat(sem.availablePermits()).isEqualTo(1);
      return null;
    });
    assertThat(out).containsExactly("waiter");
  }

  @Test
  void aCancelledWaiterConsumesNoPermit() {
    TestLoops.runVirtual(() -> {
      Semaphore sem = new Semaphore(0);
      Task<Acquired> a = Async.createTask(sem::acquire);
      Task<Acquired> b = Async.createTask(sem::acquire);
      Async.sleep(0);
      a.cancel();
      Async.sleep(0);
      sem.release();
      b.await();
      assertThat(a.isCancelled()).isTrue();
      assertThat(sem.availablePermits()).isZero();
      sem.release();
      assertThat(sem.availablePermits()).isEqualTo(1);
      return null;
    });
  }

  @Test
  void negativePermitsAreANamedError() {
    assertThatThrownBy(() -> new Semaphore(-1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Semaphore permits must not be negative: -1");
    assertThatThrownBy(() -> new BoundedSemaphore(-2)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aPlainSemaphoreMayBeReleasedBeyondItsInitialValue() {
    TestLoops.runVirtual(() -> {
      Semaphore sem = new Semaphore(1);
      sem.release();
      assertThat(sem.availablePermits()).isEqualTo(2);
      return null;
    });
  }

  @Test
  void aBoundedSemaphoreReleasedTooOftenIsANamedError() {
    TestLoops.runVirtual(() -> {
      BoundedSemaphore sem = new BoundedSemaphore(2);
      try (Acquired p = sem.acquire()) {
        assertThat(sem.availablePermits()).isEqualTo(1);
      }
      assertThatThrownBy(sem::release).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("BoundedSemaphore released too many times");
      assertThat(sem.availablePermits()).isEqualTo(2);
      return null;
    });
  }

  @Test
  void waitersGetPermitsInTheOrderTheyAsked() {
    List<String> out = TestLoops.list();
    TestLoops.runVirtual(() -> {
      Semaphore sem = new Semaphore(0);
      List<Task<Void>> tasks = new ArrayList<>();
      for (String name : List.of("a", "b", "c")) {
        tasks.add(Async.createTask(() -> {
          sem.acquire();
          out.add(name);
        }));
        Async.sleep(0);
      }
      for (int i = 0; i < 3; i++) {
        sem.release();
        Async.sleep(0);
      }
      for (Task<Void> t : tasks) {
        t.await();
      }
      return null;
    });
    assertThat(out).containsExactly("a", "b", "c");
  }
}
