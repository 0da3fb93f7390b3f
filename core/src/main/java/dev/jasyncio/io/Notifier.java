package dev.jasyncio.io;

import dev.jasyncio.Async;
import dev.jasyncio.Promise;
import java.util.ArrayList;

/** Tasks waiting for a stream's state to change (data, space, closing). Loop-only. */
final class Notifier {
  private final ArrayList<Promise<Void>> waiters = new ArrayList<>(1);

  /** Suspends the calling task until {@link #wakeAll()}; cancellable. */
  void await() {
    Promise<Void> p = Async.createPromise();
    waiters.add(p);
    try {
      p.await();
    } finally {
      waiters.remove(p);
    }
  }

  boolean hasWaiters() {
    return !waiters.isEmpty();
  }

  void wakeAll() {
    for (int i = 0; i < waiters.size(); i++) {
      Promise<Void> p = waiters.get(i);
      if (!p.isDone()) {
        p.setResult(null);
      }
    }
    waiters.clear();
  }
}
