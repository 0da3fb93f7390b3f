package dev.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Debug mode reports every task still pending when the loop closes (seed 004's forgotten tasks). */
class PendingAtCloseTest {

  private static List<ExceptionContext> runLeavingOneTaskBehind(boolean debug) {
    List<ExceptionContext> reports = TestLoops.list();
    try (Loop loop = Loop.builder().clock(Clock.virtual()).debug(debug)
        .exceptionHandler((l, c) -> reports.add(c)).build()) {
      loop.runUntilComplete(() -> {
        Async.createTask(() -> Async.sleep(10), "forgotten");
        Async.sleep(1);
        return null;
      });
    }
    return reports;
  }

  @Test
  void inDebugModeAPendingTaskIsReportedAtCloseWithWhereItWasCreated() {
    assertThat(runLeavingOneTaskBehind(true)).singleElement().satisfies(c -> {
      assertThat(c.message()).startsWith("Task was destroyed but it is pending");
      assertThat(c.task().getName()).isEqualTo("forgotten");
      assertThat(c.task().isCancelled()).isTrue();
      assertThat(Arrays.toString(c.stack())).contains("runLeavingOneTaskBehind");
    });
  }

  @Test
  void withoutDebugModeLeftoverTasksAreCancelledSilently() {
    assertThat(runLeavingOneTaskBehind(false)).isEmpty();
  }
}
