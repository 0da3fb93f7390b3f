package dev.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Reports through the loop's exception handler that come when they help: a failure nobody
 * retrieved as soon as its task is garbage, and, in debug mode, a cleanup that tries to wait in a
 * task unwinding from its cancellation.
 */
class ReportsTest {
  @Test
  void aFailedTaskNobodyRetrievesIsReportedWhenItBecomesUnreachable() {
    List<ExceptionContext> reports = TestLoops.list();
    List<Integer> seenBeforeClose = TestLoops.list();
    TestLoops.runVirtual(reports, () -> {
      forget();
      for (int i = 0; i < 200 && reports.isEmpty(); i++) {
        Async.toThread(() -> {
          System.gc();
          Thread.sleep(10);
          return null;
        });
      }
      seenBeforeClose.add(reports.size());
      return null;
    });
    assertThat(seenBeforeClose).containsExactly(1); // long before the loop closed
    assertThat(reports).singleElement().satisfies(c -> {
      assertThat(c.message()).startsWith("Task exception was never retrieved").contains("forgotten");
      assertThat(c.exception()).hasMessage("nobody looks");
    });
  }

  private static void forget() {
    Async.createTask(() -> {
      throw new IllegalStateException("nobody looks");
    }, "forgotten");
    Async.sleep(0); // it runs and fails; no reference to it is left
    Async.sleep(0);
  }

  @Test
  void aRetrievedFailureIsNeverReportedAndAnUnretrievedOneOnceAtClose() {
    List<ExceptionContext> reports = TestLoops.list();
    List<Task<?>> keep = TestLoops.list();
    TestLoops.runVirtual(reports, () -> {
      Task<Void> seen = Async.createTask(() -> {
        throw new IllegalStateException("seen");
      });
      assertThatThrownBy(seen::await).hasMessage("seen");
      keep.add(Async.createTask(() -> {
        throw new IllegalStateException("kept, unseen");
      }));
      Async.sleep(0);
      System.gc();
      return null;
    });
    assertThat(reports).singleElement().satisfies(c -> {
      assertThat(c.message()).isEqualTo("Task exception was never retrieved");
      assertThat(c.task()).isSameAs(keep.get(0));
    });
  }

  @Test
  void debugModeReportsOncePerSiteAWaitInACleanupAfterTheCancellation() {
    List<ExceptionContext> reports = TestLoops.list();
    try (Loop loop = Loop.builder().clock(Clock.virtual()).debug(true)
        .exceptionHandler((l, c) -> reports.add(c)).build()) {
      loop.runUntilComplete(() -> {
        for (int i = 0; i < 3; i++) {
          Task<Void> t = Async.createTask(ReportsTest::cleanupThatWaits, "worker");
          Async.sleep(1);
          t.cancel();
          assertThatThrownBy(t::await).isInstanceOf(CancelledException.class);
        }
        Task<Void> fine = Async.createTask(() -> {
          try {
            Async.sleep(Duration.ofHours(1));
          } finally {
            CancelScope.shielded().run(() -> Async.sleep(0.2)); // the fix: no report
          }
        });
        Async.sleep(1);
        fine.cancel();
        assertThatThrownBy(fine::await).isInstanceOf(CancelledException.class);
        return null;
      });
    }
    assertThat(reports).filteredOn(c -> c.message().contains("is unwinding")).singleElement()
        .satisfies(c -> {
          assertThat(c.message()).contains("CancelScope.shielded()").contains("ReportsTest.cleanupThatWaits");
          assertThat(c.task().getName()).isEqualTo("worker");
        });
  }

  private static void cleanupThatWaits() {
    try {
      Async.sleep(Duration.ofHours(1));
    } finally {
      Async.sleep(0.2); // throws at once: the task is cancelled
    }
  }
}
