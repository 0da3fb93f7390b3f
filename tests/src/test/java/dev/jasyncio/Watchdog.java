package dev.jasyncio;

import java.util.concurrent.Callable;

/**
 * Runs a test's main on the virtual clock with a watchdog: if every task is stuck waiting (a lost
 * wake-up, a stranded waiter), the clock jumps to the watchdog, which cancels main, so the test
 * fails with a message instead of hanging.
 */
final class Watchdog {
  private Watchdog() {}

  static <T> T run(Callable<T> main) {
    return TestLoops.runVirtual(() -> {
      Task<?> me = Async.currentTask();
      Task<Void> dog = Async.createTask(() -> {
        Async.sleep(1_000_000);
        me.cancel("watchdog: every task was stuck (a lost wake-up or a stranded waiter)");
      }, "watchdog");
      try {
        return main.call();
      } finally {
        dog.cancel();
      }
    });
  }
}
