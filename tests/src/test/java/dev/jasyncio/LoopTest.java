package dev.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The loop itself: callbacks, timers, thread-safe entry points, lifecycle, bad input. */
class LoopTest {

  @Test
  void runsOnTheBackendThisSuiteRunAsked() {
    String asked = System.getProperty("jasyncio.backend");
    try (Loop loop = Loop.builder().build()) {
      if (asked != null) {
        assertThat(loop.backend().name()).isEqualToIgnoringCase(asked);
      }
      assertThat(loop.backend().isAvailable()).isTrue();
    }
  }

  @Test
  void callSoonRunsCallbacksInOrderAfterTheCurrentStep() {
    List<String> out = TestLoops.list();
    TestLoops.runVirtual(() -> {
      Loop loop = Async.currentLoop();
      loop.callSoon(() -> out.add("a"));
      loop.callSoon(() -> out.add("b"));
      Handle c = loop.callSoon(() -> out.add("c"));
      loop.callSoon(() -> out.add("d"));
      c.cancel();
      out.add("main");
      Async.sleep(Duration.ZERO);
      return null;
    });
    assertThat(out).containsExactly("main", "a", "b", "d");
  }

  @Test
  void tasksAndCallbacksReadyTogetherRunInScheduleOrderAndCallbacksRunInNoTask() {
    // portable hands the loop from task to task within a batch; a callback between two task
    // steps must still run on the driver, outside any task
    List<String> out = TestLoops.list();
    TestLoops.runVirtual(() -> {
      Loop loop = Async.currentLoop();
      List<Task<Void>> tasks = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        String name = "t" + i;
        tasks.add(Async.createTask(() -> {
          out.add(name + (Async.currentTask() != null ? "" : " outside a task"));
          Async.sleep(Duration.ZERO);
          out.add(name + "'");
        }));
        loop.callSoon(() -> out.add("cb" + name.charAt(1) + (Async.currentTask() == null ? "" : " in a task")));
      }
      Async.gather(tasks);
      return null;
    });
    assertThat(out).containsExactly("t0", "cb0", "t1", "cb1", "t2", "cb2", "t0'", "t1'", "t2'");
  }

  @Test
  void callLaterFiresByDeadlineAndTiesInScheduleOrder() {
    List<String> out = TestLoops.list();
    TestLoops.runVirtual(() -> {
      Loop loop = Async.currentLoop();
      loop.callLater(Duration.ofSeconds(2), () -> out.add("2s@" + loop.time()));
      loop.callLater(Duration.ofSeconds(1), () -> out.add("1s-a@" + loop.time()));
      loop.callLater(Duration.ofSeconds(1), () -> out.add("1s-b@" + loop.time()));
      TimerHandle gone = loop.callLater(Duration.ofMillis(1500), () -> out.add("cancelled"));
      loop.callAt(loop.time() + 0.5, () -> out.add("at0.5@" + loop.time()));
      assertThat(gone.when()).isEqualTo(1.5);
      gone.cancel();
      assertThat(gone.isCancelled()).isTrue();
      Async.sleep(Duration.ofSeconds(3));
      return null;
    });
    assertThat(out).containsExactly("at0.5@0.5", "1s-a@1.0", "1s-b@1.0", "2s@2.0");
  }

  @Test
  void aCallbackThatThrowsIsReportedAndTheLoopGoesOn() {
    List<ExceptionContext> reports = TestLoops.list();
    String r = TestLoops.runVirtual(reports, () -> {
      Async.currentLoop().callSoon(() -> {
        throw new IllegalStateException("boom");
      });
      Async.sleep(Duration.ZERO);
      return "still running";
    });
    assertThat(r).isEqualTo("still running");
    assertThat(reports).singleElement().satisfies(c -> {
      assertThat(c.exception()).hasMessage("boom");
      assertThat(c.message()).contains("callback");
    });
  }

  @Test
  void aMillionPendingTimersFireInDeadlineOrder() {
    int n = 1_000_000;
    long[] fired = new long[1];
    boolean[] ordered = {true};
    TestLoops.runVirtual(() -> {
      Loop loop = Async.currentLoop();
      double[] last = {-1};
      TimerHandle[] handles = new TimerHandle[n];
      for (int i = 0; i < n; i++) {
        long ms = (i * 7919L) % 100_000; // scattered deadlines
        handles[i] = loop.callLater(Duration.ofMillis(ms), () -> {
          double now = loop.time();
          if (now < last[0]) {
            ordered[0] = false;
          }
          last[0] = now;
          fired[0]++;
        });
      }
      assertThat(loop.pendingTimers()).isEqualTo(n);
      for (int i = 0; i < n; i += 2) {
        handles[i].cancel(); // cancelled timers leave the queue at once
      }
      assertThat(loop.pendingTimers()).isEqualTo(n / 2);
      Async.sleep(Duration.ofSeconds(200));
      return null;
    });
    assertThat(fired[0]).isEqualTo(n / 2);
    assertThat(ordered[0]).isTrue();
  }

  @Test
  void negativeDelaysAreRejectedByName() {
    TestLoops.runVirtual(() -> {
      Loop loop = Async.currentLoop();
      assertThatThrownBy(() -> loop.callLater(Duration.ofMillis(-1), () -> {}))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative delay");
      assertThatThrownBy(() -> Async.sleep(Duration.ofSeconds(-1)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative sleep");
      assertThatThrownBy(() -> Async.sleep(-0.5))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-negative");
      assertThatThrownBy(() -> loop.callAt(Double.NaN, () -> {}))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("finite");
      return null;
    });
  }

  @Test
  void aClosedLoopRefusesWork() {
    Loop loop = Loop.builder().clock(Clock.virtual()).build();
    loop.close();
    assertThat(loop.isClosed()).isTrue();
    assertThatThrownBy(() -> loop.runUntilComplete(() -> 1))
        .isInstanceOf(LoopClosedException.class).hasMessageContaining("closed");
    assertThatThrownBy(() -> loop.callSoon(() -> {})).isInstanceOf(LoopClosedException.class);
    assertThatThrownBy(() -> loop.callSoonThreadsafe(() -> {})).isInstanceOf(LoopClosedException.class);
    assertThatThrownBy(() -> loop.createTask(() -> 1)).isInstanceOf(LoopClosedException.class);
    assertThatThrownBy(() -> loop.submit(() -> 1)).isInstanceOf(LoopClosedException.class);
    loop.close(); // closing twice is fine
  }

  @Test
  void aLoopCannotRunInsideARunningLoop() {
    TestLoops.runVirtual(() -> {
      assertThatThrownBy(() -> Async.run(() -> 1))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("running loop");
      Loop other = Loop.builder().build();
      assertThatThrownBy(() -> other.runUntilComplete(() -> 1))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("inside a running loop");
      other.close();
      assertThatThrownBy(() -> Async.currentLoop().close())
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("running loop");
      return null;
    });
  }

  @Test
  void aLoopRunsAgainAfterARunAndKeepsItsTasks() {
    try (Loop loop = Loop.builder().clock(Clock.virtual()).build()) {
      Task<String> background = loop.createTask(() -> {
        Async.sleep(Duration.ofSeconds(5));
        return "bg";
      }, "background");
      assertThat(loop.isRunning()).isFalse();
      assertThat(loop.runUntilComplete(() -> {
        assertThat(Async.currentLoop().isRunning()).isTrue();
        return 1;
      })).isEqualTo(1);
      assertThat(background.isDone()).isFalse();
      assertThat(loop.runUntilComplete(background)).isEqualTo("bg");
      assertThat(loop.time()).isEqualTo(5.0);
    }
  }

  @Test
  void submitAndCallSoonThreadsafeWorkFromOtherThreads() throws Exception {
    try (Loop loop = Loop.builder().build()) {
      Thread driver = Thread.ofPlatform().start(loop::runForever);
      try {
        CompletableFuture<String> f = loop.submit(() -> {
          Async.sleep(Duration.ofMillis(1));
          return "from " + Async.currentTask().getName();
        });
        assertThat(f.get(10, TimeUnit.SECONDS)).startsWith("from Task-");
        CountDownLatch ran = new CountDownLatch(1);
        AtomicReference<Boolean> onLoop = new AtomicReference<>();
        loop.callSoonThreadsafe(() -> {
          onLoop.set(Async.currentLoop() == loop);
          ran.countDown();
        });
        assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(onLoop.get()).isTrue();
        CompletableFuture<Object> failing = loop.submit(() -> {
          throw new java.io.IOException("disk");
        });
        assertThatThrownBy(() -> failing.get(10, TimeUnit.SECONDS))
            .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(java.io.IOException.class);
      } finally {
        loop.stop();
        driver.join(10_000);
      }
      assertThat(driver.isAlive()).isFalse();
    }
  }

  @Test
  void cancellingASubmittedFutureCancelsTheTask() throws Exception {
    try (Loop loop = Loop.builder().build()) {
      Thread driver = Thread.ofPlatform().start(loop::runForever);
      try {
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<Boolean> cleaned = new CompletableFuture<>();
        CompletableFuture<Object> f = loop.submit(() -> {
          started.countDown();
          try {
            Async.sleep(Duration.ofHours(1));
            return null;
          } finally {
            cleaned.complete(true);
          }
        });
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        f.cancel(true);
        assertThat(cleaned.get(10, TimeUnit.SECONDS)).isTrue();
      } finally {
        loop.stop();
        driver.join(10_000);
      }
    }
  }

  @Test
  void twoLoopsInTwoThreadsRunAtOnce() throws Exception {
    // each loop waits for the other to reach a point: only possible if both run at the same time
    CountDownLatch aReady = new CountDownLatch(1);
    CountDownLatch bReady = new CountDownLatch(1);
    List<Throwable> failures = new ArrayList<>();
    Runnable a = () -> Async.run(() -> {
      aReady.countDown();
      Async.toThread(() -> bReady.await(10, TimeUnit.SECONDS));
    });
    Runnable b = () -> Async.run(() -> {
      bReady.countDown();
      Async.toThread(() -> aReady.await(10, TimeUnit.SECONDS));
    });
    Thread ta = Thread.ofPlatform().uncaughtExceptionHandler((t, e) -> failures.add(e)).start(a);
    Thread tb = Thread.ofPlatform().uncaughtExceptionHandler((t, e) -> failures.add(e)).start(b);
    ta.join(20_000);
    tb.join(20_000);
    assertThat(failures).isEmpty();
    assertThat(aReady.getCount() + bReady.getCount()).isZero();
  }

  @Test
  void runUntilCompleteRejectsAPromiseOfAnotherLoop() {
    try (Loop one = Loop.builder().build(); Loop two = Loop.builder().build()) {
      Promise<Object> p = one.createPromise();
      assertThatThrownBy(() -> two.runUntilComplete(p)).isInstanceOf(WrongLoopException.class);
    }
  }
}
