package dev.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** asyncio.run's contract: leftovers cancelled and awaited, nothing lost, loop closed. */
class LifecycleTest {

  @Test
  void runCancelsAndAwaitsLeftoverTasksAtExit() {
    List<String> out = TestLoops.list();
    Loop[] seen = new Loop[1];
    String r = Async.run(() -> {
      seen[0] = Async.currentLoop();
      Async.createTask(() -> {
        try {
          Async.sleep(Duration.ofHours(1));
        } finally {
          out.add("leftover cleaned up");
        }
      }, "leftover");
      Async.sleep(Duration.ZERO);
      return "main done";
    });
    assertThat(r).isEqualTo("main done");
    assertThat(out).containsExactly("leftover cleaned up");
    assertThat(seen[0].isClosed()).isTrue();
    assertThat(seen[0].allTasks()).isEmpty();
  }

  @Test
  void aLeftoverThatFailsWhileCancelledIsReported() {
    List<ExceptionContext> reports = TestLoops.list();
    try (Loop loop = Loop.builder().clock(Clock.virtual()).exceptionHandler((l, c) -> reports.add(c)).build()) {
      loop.runUntilComplete(() -> {
        Async.createTask(() -> {
          try {
            Async.sleep(Duration.ofHours(1));
          } catch (CancelledException e) {
            throw new IllegalStateException("cleanup failed");
          }
        }, "messy");
        Async.sleep(Duration.ZERO);
        return null;
      });
    }
    assertThat(reports).singleElement().satisfies(c -> {
      assertThat(c.task().getName()).isEqualTo("messy");
      assertThat(c.exception()).hasMessage("cleanup failed");
    });
  }

  @Test
  void mainsFailureIsThrownAndLeftoversAreStillCancelled() {
    List<String> out = TestLoops.list();
    assertThatThrownBy(() -> Async.run(() -> {
      Async.createTask(() -> {
        try {
          Async.sleep(Duration.ofHours(1));
        } finally {
          out.add("cancelled");
        }
      });
      Async.sleep(Duration.ZERO);
      throw new IllegalArgumentException("main failed");
    })).isInstanceOf(IllegalArgumentException.class).hasMessage("main failed");
    assertThat(out).containsExactly("cancelled");
  }

  @Test
  void workHandedInBeforeCloseStillRunsAndAfterCloseIsRefused() throws Exception {
    Loop loop = Loop.builder().build();
    CompletableFuture<Integer> f = loop.submit(() -> 1);
    loop.close();
    assertThat(f.get()).isEqualTo(1);
    assertThatThrownBy(() -> loop.submit(() -> 2)).isInstanceOf(LoopClosedException.class);
  }

  @Test
  void aLoopClosedWithoutEverRunningClosesQuietly() {
    Loop loop = Loop.builder().build();
    assertThat(loop.isRunning()).isFalse();
    loop.close();
    assertThat(loop.isClosed()).isTrue();
    assertThat(loop.toString()).contains("closed");
  }
}
