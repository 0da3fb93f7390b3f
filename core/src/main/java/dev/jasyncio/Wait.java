package dev.jasyncio;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * {@link Async#wait}: asyncio's {@code wait}. Returns when the {@link ReturnWhen} condition
 * holds or the timeout passes; cancels nothing, neither on timeout nor when the waiting task is
 * cancelled.
 */
final class Wait {
  private Wait() {}

  static <P extends Promise<?>> WaitResult<P> wait(Collection<P> tasks, ReturnWhen when, Duration timeout) {
    Objects.requireNonNull(tasks, "tasks");
    Objects.requireNonNull(when, "returnWhen");
    Task<?> me = Gather.start("Async.wait", tasks);
    if (tasks.isEmpty()) {
      throw new IllegalArgumentException("Async.wait needs at least one task or promise; the collection is empty");
    }
    long deadline = timeout == null ? Long.MAX_VALUE : CancelScope.deadlineAfter(me.loop, timeout);
    Set<P> all = new LinkedHashSet<>(tasks);
    Completions<P> c = new Completions<>(all);
    try {
      boolean anyDone = false;
      boolean anyFailed = false;
      while (true) {
        P p;
        while ((p = c.poll()) != null) {
          anyDone = true;
          anyFailed |= p.state == Promise.FAILED;
        }
        boolean satisfied = switch (when) {
          case FIRST_COMPLETED -> anyDone;
          case FIRST_EXCEPTION -> anyFailed || c.pending() == 0;
          case ALL_COMPLETED -> c.pending() == 0;
        };
        if (satisfied || !c.awaitNext(me, deadline)) {
          break;
        }
      }
    } finally {
      c.close();
    }
    Set<P> done = new LinkedHashSet<>();
    Set<P> pending = new LinkedHashSet<>();
    for (P p : all) {
      (p.isDone() ? done : pending).add(p);
    }
    return new WaitResult<>(done, pending);
  }
}
