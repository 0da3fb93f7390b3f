package dev.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Barrier: rounds, arrival indexes, abort, reset, cancellation, misuse. */
class BarrierTest {
  @Test
  void partiesGoOnTogetherWithDistinctArrivalIndexesRoundAfterRound() {
    List<Integer> indexes = TestLoops.list();
    double end = TestLoops.runVirtual(() -> {
      Barrier b = new Barrier(3);
      List<Task<Void>> tasks = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        int delay = i + 1;
        tasks.add(Async.createTask(() -> {
          for (int round = 0; round < 2; round++) {
            Async.sleep(delay);
            indexes.add(b.await());
          }
        }));
      }
      for (Task<Void> t : tasks) {
        t.await();
      }
      assertThat(b.waiting()).isZero();
      return Async.currentLoop().time();
    });
    assertThat(indexes).containsExactly(2, 0, 1, 2, 0, 1);
    assertThat(end).isEqualTo(6.0); // each round waits for the slowest (3 s)
  }

  @Test
  void abortBreaksItForWaitingAndLaterTasksUntilReset() {
    TestLoops.runVirtual(() -> {
      Barrier b = new Barrier(2);
      Task<Integer> w = Async.createTask(b::await);
      Async.sleep(0);
      b.abort();
      assertThatThrownBy(w::await).isInstanceOf(BrokenBarrierException.class);
      assertThat(b.isBroken()).isTrue();
      assertThatThrownBy(b::await).isInstanceOf(BrokenBarrierException.class)
          .hasMessageContaining("the barrier is broken");
      b.reset();
      assertThat(b.isBroken()).isFalse();
      Task<Integer> again = Async.createTask(b::await);
      Async.sleep(0);
      assertThat(b.await()).isEqualTo(1);
      assertThat(again.await()).isZero();
      return null;
    });
  }

  @Test
  void resetBreaksTheCurrentRoundOnly() {
    TestLoops.runVirtual(() -> {
      Barrier b = new Barrier(2);
      Task<Integer> w = Async.createTask(b::await);
      Async.sleep(0);
      b.reset();
      assertThatThrownBy(w::await).isInstanceOf(BrokenBarrierException.class);
      assertThat(b.isBroken()).isFalse();
      return null;
    });
  }

  @Test
  void aCancelledWaiterLeavesTheRoundWithoutBreakingIt() {
    TestLoops.runVirtual(() -> {
      Barrier b = new Barrier(2);
      Task<Integer> gone = Async.createTask(b::await);
      Async.sleep(0);
      gone.cancel();
      Async.sleep(0);
      assertThat(b.waiting()).isZero();
      Task<Integer> w = Async.createTask(b::await);
      Async.sleep(0);
      assertThat(w.isDone()).isFalse(); // the cancelled one does not count
      assertThat(b.await()).isEqualTo(1);
      assertThat(w.await()).isZero();
      assertThat(b.isBroken()).isFalse();
      return null;
    });
  }

  @Test
  void partiesBelowOneAreANamedError() {
    assertThatThrownBy(() -> new Barrier(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Barrier parties must be at least 1: 0");
    assertThatThrownBy(() -> new Barrier(-3)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aBarrierOfOneNeverWaits() {
    TestLoops.runVirtual(() -> {
      Barrier b = new Barrier(1);
      assertThat(b.await()).isZero();
      assertThat(b.await()).isZero();
      return null;
    });
  }
}
