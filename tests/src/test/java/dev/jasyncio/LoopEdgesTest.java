package dev.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jasyncio.io.AsyncFiles;
import dev.jasyncio.io.LimitOverrunException;
import dev.jasyncio.io.Subprocess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loop's edges: foreign threads on an idle loop, shutdown with tasks born while closing, and
 * the small ones (named errors instead of overflows and index errors, the caller's interrupt).
 */
class LoopEdgesTest {
  /** Runs {@code r} on a thread of its own, bounded: a hang fails instead of blocking the suite. */
  private static void bounded(Runnable r) throws Exception {
    CompletableFuture<Void> done = new CompletableFuture<>();
    Thread t = Thread.ofPlatform().daemon().start(() -> {
      try {
        r.run();
        done.complete(null);
      } catch (Throwable e) {
        done.completeExceptionally(e);
      }
    });
    try {
      done.get(20, TimeUnit.SECONDS);
    } finally {
      t.interrupt();
    }
  }

  @Test
  void aForeignThreadOnAnIdleLoopGetsANamedErrorAndCancelsThroughTheInbox() throws Exception {
    try (Loop loop = Loop.builder().clock(Clock.virtual()).build()) {
      Task<Void> sleeper = loop.createTask(() -> {
        Async.sleep(Duration.ofHours(1));
        return null;
      }, "sleeper");
      loop.runUntilComplete(() -> null); // the loop is idle now; its owner is this thread
      AtomicReference<Throwable> seen = new AtomicReference<>();
      AtomicReference<Boolean> cancelled = new AtomicReference<>();
      Thread foreign = Thread.ofPlatform().start(() -> {
        try {
          loop.callSoon(() -> {});
        } catch (Throwable e) {
          seen.set(e);
        }
        cancelled.set(sleeper.cancel()); // goes through the inbox
      });
      foreign.join();
      assertThat(seen.get()).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("callSoon must be called on the loop")
          .hasMessageContaining("callSoonThreadsafe");
      assertThat(cancelled.get()).isTrue();
      assertThat(sleeper.cancelling()).isZero(); // not touched from the foreign thread
      assertThatThrownBy(() -> loop.runUntilComplete(sleeper)).isInstanceOf(CancelledException.class);
    }
  }

  @Test
  void shutdownCancelsTasksCreatedWhileClosingAndSubmitFailsAtOnce() throws Exception {
    AtomicReference<Throwable> submitFailure = new AtomicReference<>();
    bounded(() -> {
      Loop loop = Loop.builder().clock(Clock.virtual()).build();
      loop.createTask(() -> {
        try {
          Async.sleep(Duration.ofHours(1));
        } finally {
          Async.createTask(() -> {
            while (true) {
              Async.sleep(1); // forever, unless shutdown cancels it
            }
          });
          try {
            loop.submit(() -> "late");
          } catch (Throwable e) {
            submitFailure.set(e);
          }
        }
        return null;
      });
      loop.runUntilComplete(() -> null);
      loop.close();
      assertThat(loop.allTasks()).isEmpty();
    });
    assertThat(submitFailure.get()).isInstanceOf(LoopClosedException.class);
  }

  @Test
  void releasingASemaphorePastIntegerMaxValueIsANamedError() {
    TestLoops.runVirtual(() -> {
      Semaphore s = new Semaphore(Integer.MAX_VALUE);
      assertThatThrownBy(s::release).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("Integer.MAX_VALUE");
      assertThat(s.availablePermits()).isEqualTo(Integer.MAX_VALUE);
      return null;
    });
  }

  @Test
  void badArgumentsGetErrorsNamedAfterThem() {
    TestLoops.runVirtual(() -> {
      assertThatThrownBy(() -> Subprocess.exec()).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("the command is empty");
      assertThatThrownBy(() -> Async.gather((Promise<Object>) null))
          .isInstanceOf(NullPointerException.class).hasMessageContaining("Async.gather");
      assertThatThrownBy(() -> Async.gatherSettled((Promise<Object>) null))
          .isInstanceOf(NullPointerException.class).hasMessageContaining("Async.gatherSettled");
      return null;
    });
  }

  @Test
  void forEachLineHasADocumentedLineLimitThatCanBeRaised(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("long.txt");
    Files.writeString(f, "short\n" + "x".repeat(AsyncFiles.DEFAULT_LINE_LIMIT + 10) + "\nend\n");
    TestLoops.runVirtual(() -> {
      assertThatThrownBy(() -> AsyncFiles.forEachLine(f, line -> {}))
          .isInstanceOf(LimitOverrunException.class);
      List<Integer> lengths = TestLoops.list();
      AsyncFiles.forEachLine(f, 4 << 20, line -> lengths.add(line.length()));
      assertThat(lengths).containsExactly(5, AsyncFiles.DEFAULT_LINE_LIMIT + 10, 3);
      assertThatThrownBy(() -> AsyncFiles.forEachLine(f, 0, line -> {}))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lineLimit");
      return null;
    });
  }

  @Test
  void asyncRunKeepsTheCallersInterruptFlag() {
    Thread.currentThread().interrupt();
    try {
      assertThat(Async.run(() -> 1)).isEqualTo(1);
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void debugModeDoesNotReportATaskTheUserCancelledThatIsStillCleaningUp() {
    List<ExceptionContext> reports = TestLoops.list();
    try (Loop loop = Loop.builder().clock(Clock.virtual()).debug(true)
        .exceptionHandler((l, c) -> reports.add(c)).build()) {
      loop.runUntilComplete(() -> {
        Task<Void> t = Async.createTask(() -> {
          try {
            Async.sleep(Duration.ofHours(1));
          } finally {
            CancelScope.shielded().run(() -> Async.sleep(5));
          }
        }, "cleaning-up");
        Async.sleep(1);
        t.cancel();
        Async.sleep(0);
        return null;
      });
    }
    assertThat(reports).noneMatch(c -> c.message().equals(ExceptionContext.PENDING_AT_CLOSE));
  }
}
