package dev.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jasyncio.io.Subprocess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Every overload of the regular surface, called as a user writes it: relative times as
 * {@code Duration} or {@code double} seconds, first; bodies as {@code Callable} or
 * {@code ThrowingRunnable}; lists of bodies; a task group's value. Compiling this file is half the
 * test; each call's effect on the virtual clock is the other half.
 */
class OverloadsTest {
  static double now() {
    return Async.currentLoop().time();
  }

  static String after(double seconds, String value) {
    Async.sleep(seconds);
    return value;
  }

  @Test
  void timeoutsTakeDurationOrSecondsAndBodiesOfBothKinds() {
    List<String> out = TestLoops.list();
    TestLoops.runVirtual(() -> {
      assertThat(Async.timeout(2, () -> after(1, "callable"))).isEqualTo("callable");
      Async.timeout(2.5, () -> out.add("runnable at " + now()));
      String moved = Async.timeout(1.0, scope -> {
        scope.setDeadlineAfter(5.0);
        return after(3, "moved");
      });
      assertThat(moved).isEqualTo("moved");
      Async.timeout(Duration.ofSeconds(1), () -> {
        out.add("void duration");
      });
      assertThatThrownBy(() -> Async.timeout(0.5, () -> Async.sleep(1))).isInstanceOf(TimeoutException.class);
      double t = now();
      assertThat(Async.timeoutAt(t + 2, () -> after(1, "at"))).isEqualTo("at");
      Async.timeoutAt(t + 5, () -> out.add("void at"));
      String scopedAt = Async.timeoutAt(t + 2, s -> "scoped at");
      assertThat(scopedAt).isEqualTo("scoped at");
      assertThatThrownBy(() -> Async.timeoutAt(now() + 1, () -> Async.sleep(5))).isInstanceOf(TimeoutException.class);

      assertThat(Async.waitFor(2.0, Async.createTask(() -> after(1, "task")))).isEqualTo("task");
      assertThatThrownBy(() -> Async.waitFor(0.5, Async.createTask(() -> after(1, "late"))))
          .isInstanceOf(TimeoutException.class);
      assertThatThrownBy(() -> Async.timeout(Double.NaN, () -> 1)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("NaN");
      assertThatThrownBy(() -> Async.timeout(-1, () -> 1)).isInstanceOf(IllegalArgumentException.class);
      assertThat(Async.timeout(Double.POSITIVE_INFINITY, () -> after(1, "no deadline"))).isEqualTo("no deadline");
      return null;
    });
    assertThat(out).containsExactly("runnable at 1.0", "void duration", "void at");
  }

  @Test
  void cancelScopesTakeSecondsAndBodiesOfBothKinds() {
    TestLoops.runVirtual(() -> {
      CancelScope moved = CancelScope.moveOnAfter(1.0, () -> Async.sleep(5));
      assertThat(moved.cancelledCaught()).isTrue();
      assertThat(now()).isEqualTo(1.0);
      String v = CancelScope.moveOnAfterOrNull(2, () -> after(1, "in time"));
      assertThat(v).isEqualTo("in time");
      String none = CancelScope.moveOnAfterOrNull(Duration.ofSeconds(1), () -> after(5, "too late"));
      assertThat(none).isNull();
      assertThat(CancelScope.<String>moveOnAtOrNull(now() + 1, () -> after(5, "too late"))).isNull();
      assertThat(CancelScope.failAfter(2.0, () -> after(1, "fail after"))).isEqualTo("fail after");
      CancelScope.failAfter(2.0, () -> Async.sleep(1));
      CancelScope.failAfter(Duration.ofSeconds(2), () -> Async.sleep(1));
      double deadline = CancelScope.failAfter(2.0, s -> s.deadline());
      assertThat(deadline).isEqualTo(now() + 2);
      assertThat(CancelScope.failAt(now() + 2, () -> "fail at")).isEqualTo("fail at");
      CancelScope.failAt(now() + 2, () -> Async.sleep(1));
      assertThatThrownBy(() -> CancelScope.failAfter(0.5, () -> Async.sleep(1))).isInstanceOf(TimeoutException.class);
      CancelScope s = CancelScope.after(3.0);
      assertThat(s.deadline()).isEqualTo(now() + 3);
      return null;
    });
  }

  @Test
  void listsOfBodiesAreGatheredWaitedAndIteratedWithoutArrays() {
    TestLoops.runVirtual(() -> {
      List<Callable<String>> bodies = List.of(() -> after(2, "slow"), () -> after(1, "fast"));
      assertThat(Async.gather(Async.createTasks(bodies))).containsExactly("slow", "fast");
      assertThat(Async.gatherSettled(Async.createTasks(bodies))).extracting(Outcome::get)
          .containsExactly("slow", "fast");
      WaitResult<Task<String>> r = Async.waitTasks(1.5, Async.createTasks(bodies), ReturnWhen.ALL_COMPLETED);
      assertThat(r.done()).hasSize(1);
      assertThat(r.pending()).hasSize(1);
      Async.gather(List.copyOf(r.pending()));
      WaitResult<Task<String>> d = Async.waitTasks(Duration.ofSeconds(5), Async.createTasks(bodies),
          ReturnWhen.FIRST_COMPLETED);
      assertThat(d.done()).extracting(Task::result).containsExactly("fast");
      Async.gather(List.copyOf(d.pending()));
      List<String> order = new ArrayList<>();
      for (Task<String> t : Async.asCompleted(Async.createTasks(bodies))) {
        order.add(t.await());
      }
      for (Task<String> t : Async.asCompleted(5.0, Async.createTasks(bodies))) {
        order.add(t.await());
      }
      for (Task<String> t : Async.asCompleted(Duration.ofSeconds(5), Async.createTasks(bodies))) {
        order.add(t.await());
      }
      assertThat(order).containsExactly("fast", "slow", "fast", "slow", "fast", "slow");
      List<Object> nothing = Async.gather();
      assertThat(nothing).isEmpty();
      assertThat(Async.gatherSettled()).isEmpty();
      return null;
    });
  }

  @Test
  void aTaskGroupReturnsItsBodysValue() {
    TestLoops.runVirtual(() -> {
      int total = Async.taskGroupResult(tg -> {
        Task<Integer> a = tg.createTask(() -> Integer.parseInt(after(1, "20")));
        Task<Integer> b = tg.createTask(() -> Integer.parseInt(after(2, "22")));
        return a.await() + b.await();
      });
      assertThat(total).isEqualTo(42);
      assertThat(now()).isEqualTo(2.0);
      String early = Async.taskGroupResult(tg -> {
        tg.createTask(() -> {
          Async.sleep(1);
          tg.cancel();
        });
        Async.sleep(10);
        return "never";
      });
      assertThat(early).isNull();
      assertThatThrownBy(() -> Async.taskGroupResult(tg -> {
        tg.createTask(() -> {
          throw new IllegalStateException("child");
        });
        Async.sleep(10);
        return "never";
      })).isInstanceOf(ExceptionGroup.class);
      return null;
    });
  }

  @Test
  void offloadingTakesBodiesOfBothKinds() {
    AtomicInteger ran = new AtomicInteger();
    var pool = Executors.newSingleThreadExecutor();
    try {
      TestLoops.runVirtual(() -> {
        Async.onCpu(() -> {
          ran.incrementAndGet();
        });
        Async.runInExecutor(pool, () -> {
          ran.incrementAndGet();
        });
        Async.blocking(() -> {
          ran.incrementAndGet();
        });
        Async.toThread(() -> {
          ran.incrementAndGet();
        });
        assertThat(Async.onCpu(() -> 1) + Async.runInExecutor(pool, () -> 2) + Async.blocking(() -> 3))
            .isEqualTo(6);
        return null;
      });
    } finally {
      pool.shutdown();
    }
    assertThat(ran).hasValue(4);
  }

  @Test
  void theLoopTakesBodiesOfBothKindsAndSeconds() throws Exception {
    List<String> out = TestLoops.list();
    VirtualClock clock = Clock.virtual().autojumpThreshold(0.0);
    try (Loop loop = Loop.builder().clock(clock).slowCallbackDuration(0.25).build()) {
      loop.runUntilComplete(() -> {
        Task<Void> named = loop.createTask(() -> {
          out.add("named");
        }, "named");
        Task<Void> plain = loop.createTask(() -> {
          out.add("plain");
        });
        loop.callLater(1.5, () -> out.add("later at " + loop.time()));
        Async.sleep(2);
        assertThat(named.getName()).isEqualTo("named");
        plain.await();
      });
      Thread driver = Thread.ofPlatform().start(loop::runForever);
      try {
        CompletableFuture<Void> f = loop.submit(() -> {
          out.add("submitted");
        });
        f.get();
      } finally {
        loop.stop();
        driver.join();
      }
    }
    assertThat(out).containsExactly("named", "plain", "later at 1.5", "submitted");
    VirtualClock manual = VirtualClock.manual();
    manual.advance(0.5);
    assertThat(manual.nanoTime()).isEqualTo(500_000_000L);
  }

  @Test
  void runTestTakesABodyThatReturnsNothing() {
    List<String> out = TestLoops.list();
    dev.jasyncio.testkit.AsyncTesting.runTest(() -> {
      Async.sleep(5);
      out.add("at " + now());
    });
    assertThat(out).containsExactly("at 5.0");
  }

  @Test
  void subprocessGraceTakesSeconds() {
    int code = TestLoops.runVirtual(() -> Subprocess.exec("true").killAfter(0.5).communicate(null).exitCode());
    assertThat(code).isZero();
    TestLoops.runVirtual(() -> {
      Subprocess p = Subprocess.exec("true");
      try {
        assertThatThrownBy(() -> p.killAfter(-1.0)).isInstanceOf(IllegalArgumentException.class);
      } finally {
        p.communicate(null);
      }
      return null;
    });
  }
}
