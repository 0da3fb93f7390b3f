package dev.jasyncio.http;

import dev.jasyncio.Loop;
import java.util.concurrent.Callable;

/** A fresh loop on the real clock, for tests whose timing is the network's (timeouts, tickers). */
final class RealLoops {
  private RealLoops() {}

  static <T> T run(Callable<T> main) {
    try (Loop loop = Loop.builder().build()) {
      return loop.runUntilComplete(main);
    }
  }
}
