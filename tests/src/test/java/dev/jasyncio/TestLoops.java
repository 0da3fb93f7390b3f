package dev.jasyncio;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Loops for tests, the low-level alternative to {@link dev.jasyncio.testkit.AsyncTest}: a fresh
 * loop per call, on the backend this suite run was given ({@code -Djasyncio.backend}), on a
 * virtual clock unless said otherwise. Prefer {@code @AsyncTest} for a test whose whole body runs
 * on a loop (it adds the leak check, timeouts and schedule exploration); use these where a test
 * must look at a loop from the outside, run several loops, or see what escapes
 * {@code runUntilComplete} and {@code close} (the reports of the loop's exception handler).
 */
public final class TestLoops {
  private TestLoops() {}

  /**
   * Runs {@code main} on a fresh loop with a virtual clock and returns its result, through the
   * testkit's {@link dev.jasyncio.testkit.AsyncTesting#runTest}: a leaked task or an unretrieved
   * failure fails the test.
   */
  public static <T> T runVirtual(Callable<T> main) {
    return dev.jasyncio.testkit.AsyncTesting.runTest(main);
  }

  /** Runs {@code main} on a fresh loop with a virtual clock, collecting the loop's reports. */
  public static <T> T runVirtual(List<ExceptionContext> reports, Callable<T> main) {
    try (Loop loop = Loop.builder().clock(Clock.virtual()).exceptionHandler((l, c) -> reports.add(c)).build()) {
      return loop.runUntilComplete(main);
    }
  }

  /** A thread-safe list for collecting reports or events. */
  public static <E> List<E> list() {
    return new CopyOnWriteArrayList<>();
  }
}
