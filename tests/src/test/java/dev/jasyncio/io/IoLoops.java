package dev.jasyncio.io;

import dev.jasyncio.ExceptionContext;
import dev.jasyncio.Loop;
import java.util.List;
import java.util.concurrent.Callable;

/** Loops for I/O tests: a fresh loop on the real clock (real sockets, real processes). */
final class IoLoops {
  private IoLoops() {}

  static <T> T run(Callable<T> main) {
    try (Loop loop = Loop.builder().build()) {
      return loop.runUntilComplete(main);
    }
  }

  static <T> T run(List<ExceptionContext> reports, Callable<T> main) {
    try (Loop loop = Loop.builder().exceptionHandler((l, c) -> reports.add(c)).build()) {
      return loop.runUntilComplete(main);
    }
  }
}
