package dev.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Tasks: results, failures, names, the task registry, done-callbacks. */
class TaskTest {

  @Test
  void aTaskStartsAtTheCallersNextSuspensionPoint() {
    List<String> out = TestLoops.list();
    TestLoops.runVirtual(() -> {
      Task<?> t = Async.createTask(() -> out.add("task"));
      out.add("created");
      t.await();
      out.add("awaited");
      return null;
    });
    assertThat(out).containsExactly("created", "task", "awaited");
  }

  /** A body that is both kinds: given as one, it must run as that one. */
  private static final class BothKinds implements ThrowingRunnable, java.util.concurrent.Callable<String> {
    final List<String> ran = TestLoops.list();

    @Override
    public void run() {
      ran.add("run");
    }

    @Override
    public String call() {
      ran.add("call");
      return "called";
    }
  }

  @Test
  void aBodyGivenAsARunnableRunsAsOneAndItsTaskReturnsNullEvenIfItIsACallableToo() {
    BothKinds body = new BothKinds();
    TestLoops.runVirtual(() -> {
      Task<Void> viaAsync = Async.createTask((ThrowingRunnable) body);
      Task<Void> viaLoop = Async.currentLoop().createTask((ThrowingRunnable) body, "loop");
      Task<String> asCallable = Async.createTask((java.util.concurrent.Callable<String>) body);
      @SuppressWarnings("unchecked")
      Task<Void>[] viaGroup = new Task[1];
      Async.taskGroup(tg -> {
        viaGroup[0] = tg.createTask((ThrowingRunnable) body, "child");
      });
      assertThat(viaAsync.await()).isNull();
      assertThat(viaLoop.await()).isNull();
      assertThat(viaGroup[0].await()).isNull();
      assertThat(asCallable.await()).isEqualTo("called");
      Task<Void> plain = Async.createTask(() -> {
        body.ran.add("lambda");
      });
      assertThat(plain.await()).isNull();
      return null;
    });
    assertThat(body.ran).containsExactlyInAnyOrder("run", "run", "run", "call", "lambda");
  }

  @Test
  void awaitReturnsTheResultAndRethrowsUncheckedFailuresAsIs() {
    TestLoops.runVirtual(() -> {
      Task<Integer> ok = Async.createTask(() -> 42);
      assertThat(ok.await()).isEqualTo(42);
      assertThat(ok.result()).isEqualTo(42);
      assertThat(ok.exception()).isNull();
      Task<Object> bad = Async.createTask(() -> {
        throw new IllegalArgumentException("bad input");
      });
      assertThatThrownBy(bad::await).isInstanceOf(IllegalArgumentException.class).hasMessage("bad input");
      assertThat(bad.exception()).isInstanceOf(IllegalArgumentException.class);
      return null;
    });
  }

  @Test
  void aCheckedFailureArrivesAsTheCauseOfCompletionException() {
    TestLoops.runVirtual(() -> {
      Task<Object> t = Async.createTask(() -> {
        throw new IOException("disk full");
      });
      assertThatThrownBy(t::await).isInstanceOf(CompletionException.class)
          .cause().isInstanceOf(IOException.class).hasMessage("disk full");
      assertThat(t.exception()).isInstanceOf(IOException.class);
      return null;
    });
    assertThatThrownBy(() -> Async.run(() -> {
      throw new IOException("main failed");
    })).isInstanceOf(CompletionException.class).hasCauseInstanceOf(IOException.class);
    assertThatThrownBy(() -> Async.run(() -> {
      throw new IllegalStateException("as is");
    })).isExactlyInstanceOf(IllegalStateException.class);
  }

  /** Tasks end in any order, the registry shrinks back after a burst, and it lists newest first. */
  @Test
  void allTasksListsTheLiveOnesNewestFirstWhateverOrderTheOthersEnded() {
    TestLoops.runVirtual(() -> {
      Task<?> main = Async.currentTask();
      List<Promise<Void>> gates = new java.util.ArrayList<>();
      List<Task<Void>> tasks = new java.util.ArrayList<>();
      for (int i = 0; i < 1_000; i++) {
        Promise<Void> gate = Async.currentLoop().createPromise();
        gates.add(gate);
        tasks.add(Async.createTask(() -> {
          gate.await();
        }));
      }
      Async.sleep(Duration.ZERO); // all started and waiting
      List<Integer> ending = new java.util.ArrayList<>();
      for (int i = 0; i < 1_000; i++) {
        if (i % 3 != 0) { // every third stays
          ending.add(i);
        }
      }
      java.util.Collections.shuffle(ending, new java.util.Random(19));
      for (int i : ending) {
        gates.get(i).setResult(null);
        tasks.get(i).await(); // one at a time: each leaves a hole somewhere else
      }
      List<Task<?>> expected = new java.util.ArrayList<>();
      for (int i = 999; i >= 0; i--) {
        if (i % 3 == 0) {
          expected.add(tasks.get(i));
        }
      }
      expected.add(main);
      assertThat(Async.currentLoop().allTasks()).containsExactlyElementsOf(expected);
      for (int i = 0; i < 1_000; i += 3) {
        gates.get(i).setResult(null);
        tasks.get(i).await();
      }
      assertThat(Async.currentLoop().allTasks()).containsExactly(main);
      return null;
    });
  }

  @Test
  void namesCurrentTaskAndAllTasks() {
    TestLoops.runVirtual(() -> {
      Task<?> main = Async.currentTask();
      assertThat(main.getName()).startsWith("Task-");
      Task<Void> worker = Async.createTask(() -> Async.sleep(Duration.ofSeconds(1)), "worker");
      assertThat(worker.getName()).isEqualTo("worker");
      worker.setName("renamed");
      assertThat(worker.toString()).contains("renamed", "pending");
      assertThat(Async.currentLoop().allTasks()).containsExactlyInAnyOrder(main, worker);
      Task<Task<?>> probe = Async.createTask(Async::currentTask);
      assertThat(probe.await()).isSameAs(probe);
      worker.await();
      assertThat(Async.currentLoop().allTasks()).containsExactly(main);
      Async.currentLoop().callSoon(() -> assertThat(Async.currentTask()).isNull());
      return null;
    });
    assertThat(Async.currentTask()).isNull();
  }

  @Test
  void doneCallbacksRunOnTheLoopInOrderAndCanBeRemoved() {
    List<String> out = TestLoops.list();
    TestLoops.runVirtual(() -> {
      Task<Integer> t = Async.createTask(() -> {
        Async.sleep(Duration.ofSeconds(1));
        return 7;
      });
      Consumer<Promise<Integer>> removed = p -> out.add("removed");
      t.addDoneCallback(p -> out.add("first " + p.result()));
      t.addDoneCallback(removed);
      t.addDoneCallback(p -> out.add("second, on loop " + (Async.currentLoop() != null)));
      t.addDoneCallback(removed);
      assertThat(t.removeDoneCallback(removed)).isEqualTo(2);
      t.await();
      Async.sleep(Duration.ZERO);
      t.addDoneCallback(p -> out.add("late"));
      Async.sleep(Duration.ZERO);
      return null;
    });
    assertThat(out).containsExactly("first 7", "second, on loop true", "late");
  }

  @Test
  void tasksTakeResultsOnlyFromTheirBody() {
    TestLoops.runVirtual(() -> {
      Task<Integer> t = Async.createTask(() -> 1);
      assertThatThrownBy(() -> t.setResult(2)).isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(() -> t.setException(new RuntimeException()))
          .isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(t::result).isInstanceOf(InvalidStateException.class).hasMessageContaining("not set");
      assertThat(t.await()).isEqualTo(1);
      return null;
    });
  }

  @Test
  void aTaskCannotAwaitItself() {
    TestLoops.runVirtual(() -> {
      Task<?>[] self = new Task<?>[1];
      Task<Object> t = Async.createTask(() -> self[0].await());
      self[0] = t;
      assertThatThrownBy(t::await).isInstanceOf(IllegalStateException.class).hasMessageContaining("itself");
      return null;
    });
  }

  @Test
  void awaitingATaskOfAnotherLoopIsANamedError() {
    Loop other = Loop.builder().clock(Clock.virtual()).build();
    Task<Integer> foreign = other.createTask(() -> 1);
    try {
      TestLoops.runVirtual(() -> {
        assertThatThrownBy(foreign::await).isInstanceOf(WrongLoopException.class)
            .hasMessageContaining("another loop");
        return null;
      });
    } finally {
      other.close();
    }
  }

  @Test
  void loopOnlyCallsOutsideALoopAreNamedErrors() {
    assertThatThrownBy(() -> Async.sleep(Duration.ofSeconds(1)))
        .isInstanceOf(NoRunningLoopException.class).hasMessageContaining("Async.sleep")
        .hasMessageContaining("Async.run");
    assertThatThrownBy(() -> Async.createTask(() -> 1)).isInstanceOf(NoRunningLoopException.class);
    assertThatThrownBy(Async::currentLoop).isInstanceOf(NoRunningLoopException.class);
    try (Loop loop = Loop.builder().build()) {
      Promise<Integer> p = loop.createPromise();
      assertThatThrownBy(p::await).isInstanceOf(NoRunningLoopException.class)
          .hasMessageContaining("toCompletableFuture");
    }
  }

  @Test
  void suspendingInACallbackIsANamedError() {
    List<Throwable> seen = TestLoops.list();
    TestLoops.runVirtual(() -> {
      Async.currentLoop().callSoon(() -> {
        try {
          Async.sleep(Duration.ofSeconds(1));
        } catch (Throwable t) {
          seen.add(t);
        }
      });
      Async.sleep(Duration.ZERO);
      return null;
    });
    assertThat(seen).singleElement().isInstanceOf(IllegalStateException.class)
        .extracting(Throwable::getMessage).asString().contains("callback");
  }

  @Test
  void aZeroSleepLetsEveryOtherReadyTaskRunFirst() {
    List<String> out = TestLoops.list();
    TestLoops.runVirtual(() -> {
      for (int i = 0; i < 3; i++) {
        int n = i;
        Async.createTask(() -> out.add("t" + n));
      }
      Async.sleep(Duration.ZERO);
      out.add("main");
      return null;
    });
    assertThat(out).containsExactly("t0", "t1", "t2", "main");
  }

  @Test
  void toCompletableFutureCarriesTheOutcome() throws Exception {
    var f = TestLoops.runVirtual(() -> {
      Task<String> t = Async.createTask(() -> "v");
      var cf = t.toCompletableFuture();
      t.await();
      return cf;
    });
    assertThat(f.get()).isEqualTo("v");
  }
}
