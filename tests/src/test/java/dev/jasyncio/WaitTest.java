package dev.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

/** asyncio's wait (the three return_when modes, timeout) and as_completed. */
class WaitTest {
  private static final Duration HOUR = Duration.ofHours(1);

  private static double now() {
    return Async.currentLoop().time();
  }

  private static Task<String> after(double seconds, String value) {
    return Async.createTask(() -> {
      Async.sleep(seconds);
      return value;
    }, value);
  }

  private static Task<String> failing(double seconds, String message) {
    return Async.createTask(() -> {
      Async.sleep(seconds);
      throw new IllegalStateException(message);
    }, message);
  }

  // --- wait -----------------------------------------------------------------------------------

  @Test
  void allCompletedReturnsWhenEveryTaskIsDoneAndThrowsNoFailure() {
    TestLoops.runVirtual(() -> {
      Task<String> a = after(1, "a");
      Task<String> b = failing(2, "b");
      WaitResult<Task<String>> r = Async.waitTasks(List.of(a, b));
      assertThat(r.done()).containsExactly(a, b);
      assertThat(r.pending()).isEmpty();
      assertThat(now()).isEqualTo(2.0);
      assertThatThrownBy(b::await).hasMessage("b"); // the failure is read from the task
      return null;
    });
  }

  @Test
  void firstCompletedReturnsAsSoonAsOneIsDoneAndCancelsNothing() {
    TestLoops.runVirtual(() -> {
      Task<String> slow = after(5, "slow");
      Task<String> fast = after(1, "fast");
      WaitResult<Task<String>> r = Async.waitTasks(List.of(slow, fast), ReturnWhen.FIRST_COMPLETED);
      assertThat(r.done()).containsExactly(fast);
      assertThat(r.pending()).containsExactly(slow);
      assertThat(now()).isEqualTo(1.0);
      assertThat(slow.await()).isEqualTo("slow");
      return null;
    });
  }

  @Test
  void firstCompletedCountsAFailureAndACancellationAsDone() {
    TestLoops.runVirtual(() -> {
      Task<String> slow = after(5, "slow");
      Task<String> cancelled = after(3, "c");
      Async.currentLoop().callLater(Duration.ofSeconds(1), cancelled::cancel);
      WaitResult<Task<String>> r = Async.waitTasks(List.of(slow, cancelled), ReturnWhen.FIRST_COMPLETED);
      assertThat(r.done()).containsExactly(cancelled);
      slow.cancel();
      return null;
    });
  }

  @Test
  void firstExceptionReturnsAtTheFirstFailureButNotAtACancellation() {
    TestLoops.runVirtual(() -> {
      Task<String> ok = after(1, "ok");
      Task<String> cancelled = after(10, "c");
      Async.currentLoop().callLater(Duration.ofSeconds(2), cancelled::cancel);
      Task<String> bad = failing(3, "bad");
      Task<String> slow = after(10, "slow");
      WaitResult<Task<String>> r = Async.waitTasks(List.of(ok, cancelled, bad, slow), ReturnWhen.FIRST_EXCEPTION);
      assertThat(now()).isEqualTo(3.0);
      assertThat(r.done()).containsExactly(ok, cancelled, bad);
      assertThat(r.pending()).containsExactly(slow);
      assertThat(bad.exception()).hasMessage("bad");
      slow.cancel();
      return null;
    });
  }

  @Test
  void firstExceptionWithoutAnyFailureIsAllCompleted() {
    TestLoops.runVirtual(() -> {
      WaitResult<Task<String>> r = Async.waitTasks(List.of(after(1, "a"), after(2, "b")), ReturnWhen.FIRST_EXCEPTION);
      assertThat(r.pending()).isEmpty();
      assertThat(now()).isEqualTo(2.0);
      return null;
    });
  }

  @Test
  void aTimeoutReturnsWhatIsDoneRaisesNothingAndCancelsNothing() {
    TestLoops.runVirtual(() -> {
      Task<String> a = after(1, "a");
      Task<String> b = after(10, "b");
      WaitResult<Task<String>> r = Async.waitTasks(Duration.ofSeconds(2), List.of(a, b), ReturnWhen.ALL_COMPLETED);
      assertThat(now()).isEqualTo(2.0);
      assertThat(r.done()).containsExactly(a);
      assertThat(r.pending()).containsExactly(b);
      assertThat(b.isCancelled()).isFalse();
      assertThat(b.await()).isEqualTo("b");
      WaitResult<Task<String>> zero = Async.waitTasks(Duration.ZERO, List.of(after(1, "z")), ReturnWhen.ALL_COMPLETED);
      assertThat(zero.pending()).hasSize(1);
      zero.pending().iterator().next().cancel();
      return null;
    });
  }

  @Test
  void alreadyDoneTasksSatisfyFirstCompletedWithoutWaiting() {
    TestLoops.runVirtual(() -> {
      Task<String> done = after(0, "d");
      done.await();
      double t = now();
      WaitResult<Task<String>> r = Async.waitTasks(List.of(after(5, "x"), done), ReturnWhen.FIRST_COMPLETED);
      assertThat(r.done()).containsExactly(done);
      assertThat(now()).isEqualTo(t);
      r.pending().forEach(Task::cancel);
      return null;
    });
  }

  @Test
  void cancellingTheWaiterDoesNotCancelTheTasks() {
    TestLoops.runVirtual(() -> {
      Task<String> a = after(5, "a");
      Task<WaitResult<Task<String>>> w = Async.createTask(() -> Async.waitTasks(List.of(a)));
      Async.sleep(Duration.ofSeconds(1));
      w.cancel();
      assertThatThrownBy(w::await).isInstanceOf(CancelledException.class);
      assertThat(a.await()).isEqualTo("a");
      return null;
    });
  }

  @Test
  void waitBadInput() {
    TestLoops.runVirtual(() -> {
      assertThatThrownBy(() -> Async.waitTasks(List.<Task<String>>of()))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
      Task<String> a = after(1, "a");
      assertThatThrownBy(() -> Async.waitTasks(Duration.ofSeconds(-1), List.of(a), ReturnWhen.ALL_COMPLETED))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative timeout");
      assertThatThrownBy(() -> Async.waitTasks(null, List.of(a), ReturnWhen.ALL_COMPLETED))
          .isInstanceOf(NullPointerException.class).hasMessageContaining("timeout");
      assertThatThrownBy(() -> Async.waitTasks(List.of(a), null))
          .isInstanceOf(NullPointerException.class).hasMessageContaining("returnWhen");
      a.await();
      return null;
    });
    try (Loop other = Loop.builder().clock(Clock.virtual()).build()) {
      Promise<String> foreign = other.createPromise();
      TestLoops.runVirtual(() -> {
        assertThatThrownBy(() -> Async.waitTasks(List.of(foreign))).isInstanceOf(WrongLoopException.class);
        assertThatThrownBy(() -> Async.asCompleted(List.of(foreign))).isInstanceOf(WrongLoopException.class);
        return null;
      });
    }
  }

  // --- as_completed ---------------------------------------------------------------------------

  @Test
  void asCompletedYieldsTheTasksInCompletionOrder() {
    List<String> out = TestLoops.list();
    TestLoops.runVirtual(() -> {
      List<Task<String>> tasks = List.of(after(3, "c"), after(1, "a"), failing(2, "b"));
      for (Task<String> t : Async.asCompleted(tasks)) {
        try {
          out.add(t.await() + "@" + now());
        } catch (IllegalStateException e) {
          out.add("failed " + e.getMessage() + "@" + now());
        }
      }
      return null;
    });
    assertThat(out).containsExactly("a@1.0", "failed b@2.0", "c@3.0");
  }

  @Test
  void asCompletedTimeoutRaisesInTheIteratingTaskAndLeavesTheRestRunning() {
    List<String> out = TestLoops.list();
    TestLoops.runVirtual(() -> {
      Task<String> fast = after(1, "fast");
      Task<String> slow = after(10, "slow");
      Iterator<Task<String>> it = Async.asCompleted(Duration.ofSeconds(5), List.of(slow, fast)).iterator();
      out.add(it.next().await());
      assertThat(it.hasNext()).isTrue();
      assertThatThrownBy(it::next).isInstanceOf(TimeoutException.class).hasMessageContaining("1 not done");
      out.add("timeout at " + now());
      assertThat(slow.isDone()).isFalse();
      out.add(slow.await() + " at " + now());
      return null;
    });
    assertThat(out).containsExactly("fast", "timeout at 5.0", "slow at 10.0");
  }

  @Test
  void asCompletedOfNothingIsEmptyAndDuplicatesCountOnce() {
    TestLoops.runVirtual(() -> {
      assertThat(Async.asCompleted(List.<Task<String>>of())).isEmpty();
      Task<String> a = after(1, "a");
      List<Task<String>> seen = new ArrayList<>();
      Async.asCompleted(List.of(a, a)).forEach(seen::add);
      assertThat(seen).containsExactly(a);
      return null;
    });
  }

  @Test
  void asCompletedIsIteratedOnceAndEndsCleanly() {
    TestLoops.runVirtual(() -> {
      Iterable<Task<String>> it = Async.asCompleted(List.of(after(1, "a")));
      Iterator<Task<String>> i = it.iterator();
      assertThatThrownBy(it::iterator).isInstanceOf(IllegalStateException.class);
      i.next();
      assertThat(i.hasNext()).isFalse();
      assertThatThrownBy(i::next).isInstanceOf(NoSuchElementException.class);
      Task<String> b = after(1, "b");
      assertThatThrownBy(() -> Async.asCompleted(Duration.ofSeconds(-1), List.of(b)))
          .isInstanceOf(IllegalArgumentException.class);
      b.cancel();
      return null;
    });
  }

  @Test
  void cancellingTheIteratingTaskLeavesTheTasksRunning() {
    TestLoops.runVirtual(() -> {
      Task<String> a = after(5, "a");
      Task<Void> iter = Async.createTask(() -> {
        for (Task<String> t : Async.asCompleted(List.of(a))) {
          t.await();
        }
      });
      Async.sleep(Duration.ofSeconds(1));
      iter.cancel();
      assertThatThrownBy(iter::await).isInstanceOf(CancelledException.class);
      assertThat(a.await()).isEqualTo("a");
      return null;
    });
  }
}
