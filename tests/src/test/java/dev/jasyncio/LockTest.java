package dev.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** Lock: mutual exclusion, FIFO, both usage forms, cancellation safety, misuse. */
class LockTest {
  @Test
  void tasksGetTheLockOneAtATimeInTheOrderTheyAsked() {
    List<String> out = TestLoops.list();
    double end = TestLoops.runVirtual(() -> {
      Lock lock = new Lock();
      Task<?>[] tasks = new Task<?>[3];
      for (int i = 0; i < 3; i++) {
        String name = "t" + i;
        tasks[i] = Async.createTask(() -> {
          try (Acquired held = lock.acquire()) {
            out.add(name + " in");
            Async.sleep(1);
            out.add(name + " out");
          }
        });
      }
      for (Task<?> t : tasks) {
        t.await();
      }
      assertThat(lock.isLocked()).isFalse();
      return Async.currentLoop().time();
    });
    assertThat(out).containsExactly("t0 in", "t0 out", "t1 in", "t1 out", "t2 in", "t2 out");
    assertThat(end).isEqualTo(3.0);
  }

  @Test
  void withLockReturnsTheBodysResultAndReleasesOnFailure() {
    TestLoops.runVirtual(() -> {
      Lock lock = new Lock();
      assertThat(lock.withLock(() -> lock.isLocked() ? "held" : "free")).isEqualTo("held");
      assertThat(lock.isLocked()).isFalse();
      assertThatThrownBy(() -> lock.withLock(() -> {
        throw new IllegalArgumentException("boom");
      })).isInstanceOf(IllegalArgumentException.class).hasMessage("boom");
      assertThat(lock.isLocked()).isFalse();
      // a checked exception arrives as the cause of a CompletionException (the exception rule)
      assertThatThrownBy(() -> lock.withLock(() -> {
        throw new IOException("io");
      })).isInstanceOf(CompletionException.class).hasCauseInstanceOf(IOException.class);
      assertThat(lock.isLocked()).isFalse();
      return null;
    });
  }

  @Test
  void closingTheHandleTwiceReleasesOnce() {
    TestLoops.runVirtual(() -> {
      Lock lock = new Lock();
      Acquired held = lock.acquire();
      held.close();
      held.close();
      assertThat(lock.isLocked()).isFalse();
      assertThat(lock.tryAcquire()).isTrue();
      assertThat(lock.tryAcquire()).isFalse();
      lock.release();
      return null;
    });
  }

  @Test
  void releasingAnUnlockedLockIsANamedError() {
    TestLoops.runVirtual(() -> {
      Lock lock = new Lock();
      assertThatThrownBy(lock::release).isInstanceOf(IllegalStateException.class)
          .hasMessage("Lock.release: the lock is not locked");
      return null;
    });
  }

  @Test
  void aCancelledWaiterNeverTakesTheLock() {
    List<String> out = TestLoops.list();
    TestLoops.runVirtual(() -> {
      Lock lock = new Lock();
      lock.acquire();
      Task<Void> b = Async.createTask(() -> {
        lock.acquire();
        out.add("b got it");
      });
      Task<Void> c = Async.createTask(() -> {
        try (Acquired held = lock.acquire()) {
          out.add("c got it");
        }
      });
      Async.sleep(0);
      b.cancel();
      Async.sleep(0);
      assertThat(b.isCancelled()).isTrue();
      lock.release();
      c.await();
      assertThat(lock.isLocked()).isFalse();
      return null;
    });
    assertThat(out).containsExactly("c got it");
  }

  @Test
  void aWaiterCancelledAfterTheLockWasHandedToItGivesItBack() {
    List<String> out = TestLoops.list();
    TestLoops.runVirtual(() -> {
      Lock lock = new Lock();
      lock.acquire();
      Task<Void> b = Async.createTask(() -> {
        try (Acquired held = lock.acquire()) {
          out.add("b holds it");
          Async.sleep(1); // the pending cancellation surfaces here; the handle still releases
        }
      });
      Async.sleep(0);
      lock.release(); // hands the lock to b ...
      b.cancel(); // ... before b runs: b's acquire raises and gives the lock back
      assertThatThrownBy(b::await).isInstanceOf(CancelledException.class);
      assertThat(lock.isLocked()).isFalse(); // not stranded
      return null;
    });
    assertThat(out).isEmpty();
  }

  @Test
  void usingALockFromAnotherLoopOrOutsideALoopIsAClearError() {
    Lock lock = new Lock();
    assertThatThrownBy(lock::acquire).isInstanceOf(NoRunningLoopException.class);
    TestLoops.runVirtual(() -> lock.acquire());
    assertThatThrownBy(() -> TestLoops.runVirtual(() -> lock.tryAcquire()))
        .isInstanceOf(WrongLoopException.class);
    TestLoops.runVirtual(() -> {
      Lock mine = new Lock();
      mine.acquire();
      assertThatThrownBy(() -> Async.toThread(mine::release))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("Lock.release must be called on its loop");
      assertThat(mine.isLocked()).isTrue();
      return null;
    });
  }
}
