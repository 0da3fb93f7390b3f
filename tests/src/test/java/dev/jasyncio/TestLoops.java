package dev.jasyncio;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Loops for tests: a fresh loop per call, on the backend this suite run was given
 * ({@code -Djasyncio.backend}), on a virtual clock unless said otherwise.
 */
public final class TestLoops {
  private TestLoops() {}

  /** Runs {@code main} on a fresh loop with a virtual clock and returns its result. */
  public static <T> T runVirtual(Callable<T> main) {
    try (Loop loop = Loop.builder().clock(Clock.virtual()).build()) {
      return loop.runUntilComplete(main);
    }
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
