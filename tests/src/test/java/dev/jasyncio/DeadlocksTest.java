package dev.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The loop's deadlock check as it goes idle: a cycle of tasks awaiting each other is reported
 * once, and the many tasks that wait on nothing another task holds (sleepers) are in none and
 * cost the check no more than a look each. Cancelling one task of such a cycle ends them all:
 * each cancelled awaiter joins what it awaited, except a task that is already joining it.
 */
// a join that waits forever must fail the test, not hang the suite: the stuck loop is left behind
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DeadlocksTest {

  private static List<ExceptionContext> deadlocks(List<ExceptionContext> reports) {
    return reports.stream().filter(c -> c.message().startsWith("deadlock: ")).toList();
  }

  @Test
  void aCycleOfAwaitsAmongManySleepersIsReportedOnceAndItsCancellationEndsBoth() {
    List<ExceptionContext> reports = TestLoops.list();
    TestLoops.runVirtual(reports, () -> {
      List<Task<Void>> sleepers = new ArrayList<>();
      for (int i = 0; i < 10_000; i++) {
        sleepers.add(Async.createTask(() -> Async.sleep(10)));
      }
      Task<?>[] pair = new Task<?>[2];
      pair[0] = Async.createTask(() -> {
        Async.sleep(0);
        return pair[1].await();
      }, "alice");
      pair[1] = Async.createTask(() -> {
        Async.sleep(0);
        return pair[0].await();
      }, "bob");
      Async.sleep(1);
      assertThat(deadlocks(reports)).singleElement().satisfies(c -> {
        assertThat(c.message()).endsWith("(cycle: 'alice' -> 'bob' -> 'alice')");
        assertThat(c.task()).isSameAs(pair[0]);
      });
      Async.sleep(1);
      assertThat(deadlocks(reports)).as("once while it stands").hasSize(1);
      pair[0].cancel();
      Async.sleep(1);
      assertThat(pair[0].isCancelled()).isTrue();
      assertThat(pair[1].isCancelled()).isTrue();
      Async.gather(sleepers);
      return null;
    });
    assertThat(deadlocks(reports)).hasSize(1);
  }

  @Test
  void cancellingOneTaskOfAThreeCycleOfAwaitsEndsAllThree() {
    TestLoops.runVirtual(() -> {
      Task<?>[] ring = new Task<?>[3];
      for (int i = 0; i < 3; i++) {
        int next = (i + 1) % 3;
        ring[i] = Async.createTask(() -> {
          Async.sleep(0);
          return ring[next].await();
        }, "ring-" + i);
      }
      Async.sleep(1);
      ring[1].cancel();
      Async.sleep(1);
      for (Task<?> t : ring) {
        assertThat(t.isCancelled()).as(t.getName()).isTrue();
      }
      return null;
    });
  }

  @Test
  void aGatherThatAwaitsItsOwnAwaiterEndsWhenCancelled() {
    TestLoops.runVirtual(() -> {
      Task<?>[] pair = new Task<?>[2];
      pair[0] = Async.createTask(() -> Async.gather(List.of(pair[1])), "gatherer");
      pair[1] = Async.createTask(() -> {
        Async.sleep(0);
        return pair[0].await();
      }, "awaiter");
      Async.sleep(1);
      pair[0].cancel();
      Async.sleep(1);
      assertThat(pair[0].isCancelled()).isTrue();
      assertThat(pair[1].isCancelled()).isTrue();
      return null;
    });
  }

  @Test
  void aSleeperIsBlockedByNoTask() {
    TestLoops.runVirtual(() -> {
      Task<Void> sleeper = Async.createTask(() -> Async.sleep(10));
      Task<Void> awaiter = Async.createTask(() -> {
        sleeper.await();
      });
      Async.sleep(1);
      assertThat(Deadlocks.blocker(sleeper)).isNull();
      assertThat(Deadlocks.blocker(awaiter)).isSameAs(sleeper);
      assertThat(Deadlocks.find(List.of(sleeper, awaiter))).isEmpty();
      awaiter.await();
      return null;
    });
  }
}
