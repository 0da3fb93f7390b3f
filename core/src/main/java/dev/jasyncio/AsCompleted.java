package dev.jasyncio;

import java.time.Duration;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.NoSuchElementException;

/**
 * {@link Async#asCompleted}: asyncio's {@code as_completed}. Iterating returns the tasks or
 * promises themselves, each as it finishes; {@link #next()} suspends the iterating task. The
 * timeout counts from the call; when it has passed and nothing more has finished, {@code next()}
 * throws {@link TimeoutException} and the remaining tasks keep running. Iterate once, from a task
 * of the same loop.
 *
 * @param <P> the task or promise type
 */
final class AsCompleted<P extends Promise<?>> implements Iterable<P>, Iterator<P> {
  private final Completions<P> completions;
  private final long deadline;
  private int remaining;
  private boolean iterated;

  AsCompleted(Collection<P> tasks, Duration timeout) {
    Task<?> me = Gather.start("Async.asCompleted", tasks);
    this.deadline = timeout == null ? Long.MAX_VALUE : CancelScope.deadlineAfter(me.loop, timeout);
    LinkedHashSet<P> all = new LinkedHashSet<>(tasks);
    this.completions = new Completions<>(all);
    this.remaining = all.size();
  }

  @Override
  public Iterator<P> iterator() {
    if (iterated) {
      throw new IllegalStateException("Async.asCompleted can be iterated only once");
    }
    iterated = true;
    return this;
  }

  @Override
  public boolean hasNext() {
    return remaining > 0;
  }

  @Override
  public P next() {
    if (remaining == 0) {
      throw new NoSuchElementException("every task has been returned");
    }
    Task<?> me = Task.requireCurrent("Async.asCompleted iteration");
    if (!completions.awaitNext(me, deadline)) {
      throw new TimeoutException("Async.asCompleted timed out with " + remaining + " not done");
    }
    if (--remaining == 0) {
      completions.close();
    }
    return completions.poll();
  }
}
