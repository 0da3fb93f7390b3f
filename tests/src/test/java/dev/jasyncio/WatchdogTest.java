package dev.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The loop's watchdog, on by default: a step that holds the loop past the slow threshold and a
 * task that wakes itself in a tight loop are reported through the exception handler. The slow
 * steps are real spins (the loop's clock cannot be held up otherwise); nothing asserts on speed.
 */
class WatchdogTest {

  private static void spin(long millis) {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (System.nanoTime() < end) {
      Thread.onSpinWait();
    }
  }

  private static List<ExceptionContext> slowReportsOf(List<ExceptionContext> reports, String prefix) {
    return reports.stream().filter(c -> c.message().contains("held the loop") && c.task() != null
        && c.task().getName().startsWith(prefix)).toList();
  }

  @Test
  void itIsOnByDefaultAtOneSecondAndAtAHundredMillisInDebugMode() {
    String suite = System.clearProperty("jasyncio.slowCallbackDuration"); // the build sets one
    try (Loop plain = Loop.builder().build(); Loop debug = Loop.builder().debug(true).build()) {
      assertThat(plain.watchdog).isNotNull();
      assertThat(plain.watchdog.thresholdNanos).isEqualTo(TimeUnit.SECONDS.toNanos(1));
      assertThat(debug.watchdog.thresholdNanos).isEqualTo(TimeUnit.MILLISECONDS.toNanos(100));
    } finally {
      if (suite != null) {
        System.setProperty("jasyncio.slowCallbackDuration", suite);
      }
    }
    try (Loop off = Loop.builder().watchdog(false).build()) {
      assertThat(off.watchdog).isNull();
    }
  }

  @Test
  void aSystemPropertySetsTheThresholdAndABadValueIsNamed() {
    String suite = System.getProperty("jasyncio.slowCallbackDuration");
    System.setProperty("jasyncio.slowCallbackDuration", "250");
    try (Loop loop = Loop.builder().build()) {
      assertThat(loop.watchdog.thresholdNanos).isEqualTo(TimeUnit.MILLISECONDS.toNanos(250));
    } finally {
      System.clearProperty("jasyncio.slowCallbackDuration");
    }
    System.setProperty("jasyncio.slowCallbackDuration", "1s");
    try {
      assertThatThrownBy(() -> Loop.builder().build()).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("jasyncio.slowCallbackDuration").hasMessageContaining("'1s'");
    } finally {
      System.clearProperty("jasyncio.slowCallbackDuration");
      if (suite != null) {
        System.setProperty("jasyncio.slowCallbackDuration", suite);
      }
    }
  }

  @Test
  void outsideDebugModeASlowStepIsReportedWithTheTaskAndWhereItWasStuck() {
    List<ExceptionContext> reports = TestLoops.list();
    try (Loop loop = Loop.builder().clock(Clock.virtual()).slowCallbackDuration(Duration.ofMillis(100))
        .exceptionHandler((l, c) -> reports.add(c)).build()) {
      loop.runUntilComplete(() -> Async.createTask(() -> spin(800), "spinner").await());
    }
    assertThat(slowReportsOf(reports, "spinner")).singleElement().satisfies(c -> {
      assertThat(c.message()).contains("task 'spinner' held the loop for").contains("slow callback duration 100 ms");
      assertThat(Arrays.toString(c.stack())).contains("WatchdogTest.spin");
    });
  }

  @Test
  void outsideDebugModeTheWarningsAreRateLimitedToOnePerLoopEveryTenSeconds() {
    List<ExceptionContext> reports = TestLoops.list();
    try (Loop loop = Loop.builder().clock(Clock.virtual()).slowCallbackDuration(Duration.ofMillis(50))
        .exceptionHandler((l, c) -> reports.add(c)).build()) {
      loop.runUntilComplete(() -> {
        for (int i = 0; i < 3; i++) {
          Async.createTask(() -> spin(500), "spinner-" + i).await();
        }
      });
    }
    assertThat(slowReportsOf(reports, "spinner-")).hasSize(1);
  }

  @Test
  void debugModeReportsEverySlowStep() {
    List<ExceptionContext> reports = TestLoops.list();
    try (Loop loop = Loop.builder().clock(Clock.virtual()).debug(true).slowCallbackDuration(Duration.ofMillis(50))
        .exceptionHandler((l, c) -> reports.add(c)).build()) {
      loop.runUntilComplete(() -> {
        for (int i = 0; i < 3; i++) {
          Async.createTask(() -> spin(200), "spinner-" + i).await();
        }
      });
    }
    assertThat(slowReportsOf(reports, "spinner-")).extracting(c -> c.task().getName())
        .containsExactly("spinner-0", "spinner-1", "spinner-2");
  }

  @Test
  void debugModeReportsEachSlowStepOfTasksThatRunInOneBatch() {
    // on portable the loop passes straight from task to task within a batch; a slow step ends
    // on the driver all the same: each is reported, under its own task's name, outside any task
    List<ExceptionContext> reports = TestLoops.list();
    List<Task<?>> handlerRanIn = TestLoops.list();
    try (Loop loop = Loop.builder().clock(Clock.virtual()).debug(true).slowCallbackDuration(Duration.ofMillis(50))
        .exceptionHandler((l, c) -> {
          reports.add(c);
          if (Async.currentTask() != null) {
            handlerRanIn.add(Async.currentTask());
          }
        }).build()) {
      loop.runUntilComplete(() -> {
        List<Task<Void>> tasks = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
          tasks.add(Async.createTask(() -> { }, "quick-" + i));
          tasks.add(Async.createTask(() -> {
            spin(120);
            Async.sleep(Duration.ZERO); // the slow step ends in a suspension, not at the task's end
          }, "spinner-" + i));
        }
        Async.gather(tasks);
      });
    }
    assertThat(slowReportsOf(reports, "spinner-")).extracting(c -> c.task().getName())
        .containsExactly("spinner-0", "spinner-1", "spinner-2");
    assertThat(slowReportsOf(reports, "quick-")).isEmpty();
    assertThat(handlerRanIn).isEmpty();
  }

  @Test
  void aLoopWithoutTheWatchdogReportsNothing() {
    List<ExceptionContext> reports = TestLoops.list();
    try (Loop loop = Loop.builder().clock(Clock.virtual()).watchdog(false)
        .slowCallbackDuration(Duration.ofMillis(20)).exceptionHandler((l, c) -> reports.add(c)).build()) {
      loop.runUntilComplete(() -> {
        Async.createTask(() -> spin(200), "spinner").await();
        for (int i = 0; i < 50_000; i++) {
          Async.sleep(0);
        }
      });
    }
    assertThat(reports).isEmpty();
  }

  @Test
  void aTaskThatWakesItselfInATightLoopIsReportedOnce() {
    List<ExceptionContext> reports = TestLoops.list();
    int polls = TestLoops.runVirtual(reports, () -> Async.createTask(() -> {
      int n = 0;
      while (n < 50_000) { // stands for "until a flag is set": it should await an Event instead
        Async.sleep(0);
        n++;
      }
      return n;
    }, "poller").await());
    assertThat(polls).isEqualTo(50_000);
    List<ExceptionContext> busy = reports.stream().filter(c -> c.message().contains("woke itself")).toList();
    assertThat(busy).singleElement().satisfies(c -> {
      assertThat(c.task().getName()).isEqualTo("poller");
      assertThat(c.message()).contains("task 'poller' woke itself 10000 times in a row");
      assertThat(Arrays.toString(c.stack())).contains("WatchdogTest");
    });
  }

  @Test
  void aTaskThatWaitsOnSomethingElseBetweenItsYieldsIsNotBusyWaking() {
    List<ExceptionContext> reports = TestLoops.list();
    TestLoops.runVirtual(reports, () -> {
      for (int round = 0; round < 20; round++) {
        for (int i = 0; i < 5_000; i++) {
          Async.sleep(0);
        }
        Async.sleep(Duration.ofMillis(1)); // a real wait: the count starts again
      }
      return null;
    });
    assertThat(reports).noneMatch(c -> c.message().contains("woke itself"));
  }
}
