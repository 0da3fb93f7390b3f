package dev.jasyncio.testkit;

import dev.jasyncio.Backend;
import dev.jasyncio.Clock;
import dev.jasyncio.Loop;
import dev.jasyncio.Task;
import dev.jasyncio.ThrowingRunnable;
import java.util.concurrent.Callable;

/**
 * The testkit without the annotation: kotlinx-coroutines' {@code runTest}. Runs a body as the main
 * task of a fresh loop on an autojump virtual clock, in debug mode, with the leak check of
 * {@link AsyncTest}: a task still running when the body returns, or a failure nobody retrieved,
 * fails the call with the task's name and where it was created. For tests that assert after the
 * loop is gone, or build several loops.
 *
 * <pre>{@code
 * @Test
 * void tenMinutesInMilliseconds() {
 *   double t = AsyncTesting.runTest(() -> {
 *     Async.sleep(Duration.ofMinutes(10));
 *     return Async.currentLoop().time();
 *   });
 *   assertThat(t).isEqualTo(600.0);
 * }
 * }</pre>
 */
public final class AsyncTesting {
  private AsyncTesting() {}

  /**
   * Runs {@code body}, which returns nothing, as {@link #runTest(Callable)} does.
   *
   * @param body the main task's body
   * @throws AssertionError if a task leaked or a failure went unretrieved
   */
  public static void runTest(ThrowingRunnable body) {
    java.util.Objects.requireNonNull(body, "body");
    runTest(() -> {
      body.run();
      return null;
    });
  }

  /**
   * Runs {@code body} on a fresh loop (the run's default backend) and returns its result.
   *
   * @param body the main task's body
   * @param <T> the result type
   * @return the body's result
   * @throws AssertionError if a task leaked or a failure went unretrieved; the body's own
   *     exception, if it threw, with the leak report suppressed in it
   */
  public static <T> T runTest(Callable<T> body) {
    LeakCheck leaks = new LeakCheck();
    T result = null;
    Throwable thrown = null;
    Loop loop = AsyncTestRun.builder(Clock.virtual(), Backend.defaultBackend(), "runTest")
        .exceptionHandler(leaks).build();
    try {
      Task<T> main = loop.createTask(body);
      try {
        result = loop.runUntilComplete(main);
      } catch (Throwable t) {
        // the body's own exception, not the CompletionException a checked one travels in
        thrown = main.isDone() && !main.isCancelled() && main.exception() != null ? main.exception() : t;
      }
      leaks.noteLeftovers(loop);
    } finally {
      loop.close();
    }
    AssertionError leaked = leaks.verdict("runTest");
    if (thrown != null) {
      if (leaked != null) {
        thrown.addSuppressed(leaked);
      }
      throw AsyncTesting.<RuntimeException>sneaky(thrown);
    }
    if (leaked != null) {
      throw leaked;
    }
    return result;
  }

  /** Rethrows the body's exception unchanged, checked or not, as a test framework expects. */
  @SuppressWarnings("unchecked")
  private static <E extends Throwable> E sneaky(Throwable t) throws E {
    throw (E) t;
  }
}
