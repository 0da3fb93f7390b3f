package dev.jasyncio;

import java.util.concurrent.Callable;

/**
 * A mutual-exclusion lock for tasks: asyncio's {@code Lock}. Not reentrant, and not owned: any
 * task (or callback) of the loop may release it, as in asyncio. Waiting tasks get the lock in the
 * order they asked (FIFO), and a task cancelled while waiting never takes it.
 *
 * <pre>{@code
 * Lock lock = new Lock();
 * try (var _ = lock.acquire()) {
 *   update(shared);
 * }
 * int n = lock.withLock(() -> shared.size());
 * }</pre>
 *
 * <p>Named as in asyncio; it is not {@link java.util.concurrent.locks.Lock} (which blocks
 * threads). Where both are in scope, import this one by name.
 */
public final class Lock extends LoopBound implements Acquired.Releasable {
  final PermitGate gate = new PermitGate(this, "Lock.acquire", 1);

  /** Creates an unlocked lock. It belongs to the loop that first uses it. */
  public Lock() {}

  /**
   * Takes the lock, suspending the calling task until it is free; close the result to release.
   * Does not suspend when the lock is free and nobody waits.
   *
   * @return a handle that releases the lock when closed
   * @throws CancelledException if the task is cancelled while waiting, also after the lock was
   *     handed to it and before it resumed (it then does not hold the lock: the next waiter
   *     gets it)
   */
  public Acquired acquire() {
    gate.take(callerTask("Lock.acquire"), true);
    return new Acquired(this);
  }

  /**
   * Takes the lock if it is free right now, without suspending.
   *
   * @return true if the caller now holds the lock
   */
  public boolean tryAcquire() {
    onLoop("Lock.tryAcquire");
    if (!gate.tryTake()) {
      return false;
    }
    gate.holder = Task.current();
    return true;
  }

  /**
   * Releases the lock: the first waiting task gets it.
   *
   * @throws IllegalStateException if the lock is not locked
   */
  public void release() {
    onLoop("Lock.release");
    if (gate.permits > 0) {
      throw new IllegalStateException("Lock.release: the lock is not locked");
    }
    gate.holder = null;
    gate.give();
  }

  /**
   * Whether the lock is held; asyncio's {@code locked()}.
   *
   * @return true if held
   */
  public boolean isLocked() {
    return gate.permits == 0;
  }

  /**
   * Runs {@code body} holding the lock and returns its result; asyncio's {@code async with lock}.
   *
   * @param body what to run
   * @param <T> the result type
   * @return the body's result
   */
  public <T> T withLock(Callable<T> body) {
    return gate.with(callerTask("Lock.withLock"), body, this::release);
  }

  /**
   * Runs {@code body} holding the lock.
   *
   * @param body what to run
   */
  public void withLock(ThrowingRunnable body) {
    withLock(Async.callable(body));
  }

  @Override
  public String toString() {
    return "Lock[" + (isLocked() ? "locked" : "unlocked") + ", waiters=" + gate.waiters.size() + "]";
  }
}
