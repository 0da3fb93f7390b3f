package dev.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

/** Promises: asyncio's Future. */
class PromiseTest {

  @Test
  void awaitSuspendsUntilAnotherTaskSetsTheResult() {
    List<String> out = TestLoops.list();
    String r = TestLoops.runVirtual(() -> {
      Promise<String> p = Async.createPromise();
      Async.createTask(() -> {
        Async.sleep(Duration.ofSeconds(1));
        out.add("setting");
        p.setResult("ready");
      });
      String v = p.await();
      out.add("got " + v + " at " + Async.currentLoop().time());
      return v;
    });
    assertThat(r).isEqualTo("ready");
    assertThat(out).containsExactly("setting", "got ready at 1.0");
  }

  @Test
  void setResultTwiceIsInvalidState() {
    TestLoops.runVirtual(() -> {
      Promise<Integer> p = Async.createPromise();
      p.setResult(1);
      assertThatThrownBy(() -> p.setResult(2)).isInstanceOf(InvalidStateException.class)
          .hasMessageContaining("setResult").hasMessageContaining("already finished");
      assertThatThrownBy(() -> p.setException(new RuntimeException()))
          .isInstanceOf(InvalidStateException.class);
      assertThat(p.cancel()).isFalse();
      assertThat(p.result()).isEqualTo(1);
      return null;
    });
  }

  @Test
  void readingBeforeDoneIsInvalidState() {
    TestLoops.runVirtual(() -> {
      Promise<Integer> p = Async.createPromise();
      assertThatThrownBy(p::result).isInstanceOf(InvalidStateException.class);
      assertThatThrownBy(p::exception).isInstanceOf(InvalidStateException.class);
      p.cancel();
      return null;
    });
  }

  @Test
  void setExceptionReachesEveryAwaiter() {
    List<Throwable> seen = TestLoops.list();
    TestLoops.runVirtual(() -> {
      Promise<Integer> p = Async.createPromise();
      Task<Void> a = Async.createTask(() -> {
        try {
          p.await();
        } catch (IllegalStateException e) {
          seen.add(e);
        }
      });
      Task<Void> b = Async.createTask(() -> {
        try {
          p.await();
        } catch (IllegalStateException e) {
          seen.add(e);
        }
      });
      Async.sleep(Duration.ZERO);
      p.setException(new IllegalStateException("broken"));
      a.await();
      b.await();
      return null;
    });
    assertThat(seen).hasSize(2).allSatisfy(e -> assertThat(e).hasMessage("broken"));
  }

  @Test
  void cancelWakesAwaitersWithCancelledException() {
    TestLoops.runVirtual(() -> {
      Promise<Integer> p = Async.createPromise();
      Task<Object> waiter = Async.createTask(() -> {
        try {
          return p.await();
        } catch (CancelledException e) {
          return "cancelled: " + e.getMessage();
        }
      });
      Async.sleep(Duration.ZERO);
      assertThat(p.cancel("no longer needed")).isTrue();
      assertThat(p.isCancelled()).isTrue();
      assertThat(waiter.await()).isEqualTo("cancelled: no longer needed");
      assertThatThrownBy(p::result).isInstanceOf(CancelledException.class);
      assertThatThrownBy(p::exception).isInstanceOf(CancelledException.class);
      assertThatThrownBy(() -> p.toCompletableFuture().join()).isInstanceOf(CancellationException.class);
      return null;
    });
  }

  @Test
  void cancellingTheAwaitingTaskCancelsThePromise() {
    TestLoops.runVirtual(() -> {
      Promise<Integer> p = Async.createPromise();
      Task<Integer> waiter = Async.createTask(p::await);
      Async.sleep(Duration.ofSeconds(1));
      waiter.cancel();
      assertThatThrownBy(waiter::await).isInstanceOf(CancelledException.class);
      assertThat(waiter.isCancelled()).isTrue();
      assertThat(p.isCancelled()).isTrue();
      return null;
    });
  }

  @Test
  void awaitersAndCallbacksWakeInTheOrderTheyCameFromOneToMany() {
    List<String> out = TestLoops.list();
    TestLoops.runVirtual(() -> {
      Promise<String> p = Async.createPromise();
      Async.createTask(() -> out.add("a " + p.await()));
      Async.sleep(0); // a alone, then a callback and b join it
      p.addDoneCallback(q -> out.add("callback " + q.result()));
      Async.createTask(() -> out.add("b " + p.await()));
      Async.sleep(0);
      p.setResult("x");
      Async.sleep(0);
      Async.sleep(0);
      return null;
    });
    assertThat(out).containsExactly("a x", "callback x", "b x");
  }

  @Test
  void aLoneCallbackCanBeRemovedAndTheNextOneIsKept() {
    List<String> out = TestLoops.list();
    TestLoops.runVirtual(() -> {
      Promise<String> p = Async.createPromise();
      java.util.function.Consumer<Promise<String>> gone = q -> out.add("removed ran");
      p.addDoneCallback(gone);
      assertThat(p.removeDoneCallback(q -> out.add("never added"))).isZero();
      assertThat(p.removeDoneCallback(gone)).isEqualTo(1);
      assertThat(p.removeDoneCallback(gone)).isZero();
      p.addDoneCallback(q -> out.add("kept " + q.result()));
      Task<String> awaiter = Async.createTask(p::await); // joins the kept callback
      Async.sleep(0);
      p.setResult("x");
      assertThat(awaiter.await()).isEqualTo("x");
      return null;
    });
    assertThat(out).containsExactly("kept x");
  }

  @Test
  void aLoneWatcherThatTimesOutLeavesThePromiseAndALaterAwaiterGetsTheResult() {
    TestLoops.runVirtual(() -> {
      Promise<String> p = Async.createPromise();
      // waitTasks watches p alone and, timed out, leaves it pending and unwatched
      assertThat(Async.waitTasks(Duration.ofSeconds(1), List.of(p), ReturnWhen.ALL_COMPLETED).pending())
          .containsExactly(p);
      assertThat(p.isDone()).isFalse();
      Task<String> later = Async.createTask(p::await);
      Async.sleep(0);
      p.setResult("x");
      assertThat(later.await()).isEqualTo("x");
      return null;
    });
  }

  @Test
  void promisesAreUsedOnTheirLoop() throws Exception {
    try (Loop loop = Loop.builder().build()) {
      Thread driver = Thread.ofPlatform().start(loop::runForever);
      try {
        Promise<Integer> p = loop.submit(() -> loop.<Integer>createPromise()).get();
        assertThatThrownBy(() -> p.setResult(1)).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("callSoonThreadsafe");
        loop.submit(() -> {
          p.setResult(1);
          return null;
        }).get();
        assertThat(loop.submit(p::await).get()).isEqualTo(1);
      } finally {
        loop.stop();
        driver.join();
      }
    }
  }
}
