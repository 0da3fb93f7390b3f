package dev.jasyncio;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;

/**
 * A condition variable for tasks: asyncio's {@code Condition}. Tasks holding its {@link Lock}
 * wait until another task notifies them; waiting releases the lock and re-takes it before
 * returning.
 *
 * <pre>{@code
 * Condition changed = new Condition();
 * // consumer
 * changed.withLock(() -> { changed.waitFor(() -> !items.isEmpty()); return items.remove(0); });
 * // producer
 * changed.withLock(() -> { items.add(x); changed.notifyOne(); });
 * }</pre>
 *
 * <p>Notifications go to the waiters in the order they started waiting. A waiter cancelled before
 * it was notified consumes no notification; one notified before the cancellation came returns
 * normally (with the lock), so no notification is lost. Even when cancelled, a waiter re-takes the
 * lock before the {@link CancelledException} leaves {@link #await()}, so a
 * {@code withLock}/try-with-resources around it releases a lock that is really held.
 *
 * <p>Java's {@code Object} owns final {@code wait()}, {@code notify()} and {@code notifyAll()},
 * so asyncio's {@code wait / notify(n) / notify_all} are {@link #await()},
 * {@link #notifyMany(int)} / {@link #notifyOne()} and {@link #notifyAllWaiters()} here. Not
 * {@link java.util.concurrent.locks.Condition}; import this one by name where both are in scope.
 */
public final class Condition extends LoopBound {
  private final Lock lock;
  private final WaitQueue waiters = new WaitQueue(this, "Condition.wait");

  /** Creates a condition with a lock of its own. */
  public Condition() {
    this(new Lock());
  }

  /**
   * Creates a condition that uses {@code lock} (shared with other conditions or code).
   *
   * @param lock the lock
   */
  public Condition(Lock lock) {
    this.lock = Objects.requireNonNull(lock, "lock");
  }

  /**
   * The lock this condition uses.
   *
   * @return the lock
   */
  public Lock lock() {
    return lock;
  }

  /**
   * Takes the lock; see {@link Lock#acquire()}.
   *
   * @return a handle that releases the lock when closed
   */
  public Acquired acquire() {
    return lock.acquire();
  }

  /** Releases the lock; see {@link Lock#release()}. */
  public void release() {
    lock.release();
  }

  /**
   * Whether the lock is held.
   *
   * @return true if held
   */
  public boolean isLocked() {
    return lock.isLocked();
  }

  /**
   * Runs {@code body} holding the lock; see {@link Lock#withLock(Callable)}.
   *
   * @param body what to run
   * @param <T> the result type
   * @return the body's result
   */
  public <T> T withLock(Callable<T> body) {
    return lock.withLock(body);
  }

  /**
   * Runs {@code body} holding the lock.
   *
   * @param body what to run
   */
  public void withLock(ThrowingRunnable body) {
    lock.withLock(body);
  }

  /**
   * Releases the lock, suspends until notified, and re-takes the lock; asyncio's {@code wait()}.
   * The caller must hold the lock.
   *
   * @throws IllegalStateException if the lock is not held
   * @throws CancelledException if cancelled before being notified; the lock is held again when
   *     it is thrown
   */
  public void await() {
    Task<?> me = callerTask("Condition.await");
    requireLocked("Condition.await");
    Waiter w = new Waiter(me) {
      @Override
      boolean handBack() {
        waiters.wakeFirst(null); // cancelled after the notify: the notification goes on
        return true;
      }
    };
    waiters.add(w);
    lock.release();
    try {
      me.suspend(w);
    } finally {
      lock.gate.take(me, false); // the lock is held again whatever happened, as asyncio does
    }
  }

  /**
   * Waits until {@code predicate} is true, checking it first and after each notification;
   * asyncio's {@code wait_for}. The caller must hold the lock.
   *
   * @param predicate the condition to wait for, evaluated holding the lock
   * @return true (the predicate's last value)
   */
  public boolean waitFor(BooleanSupplier predicate) {
    Objects.requireNonNull(predicate, "predicate");
    while (!predicate.getAsBoolean()) {
      await();
    }
    return true;
  }

  /**
   * Wakes up to {@code n} waiting tasks, first come first served; asyncio's {@code notify(n)}.
   * The caller must hold the lock. (Not {@code notify(n)}: {@link Object#notify()} owns that name,
   * and {@code cond.notify()} would compile and fail at run time.)
   *
   * @param n how many, not negative
   * @throws IllegalStateException if the lock is not held
   * @throws IllegalArgumentException if {@code n} is negative
   */
  public void notifyMany(int n) {
    wake(n, "Condition.notifyMany");
  }

  /** Wakes the longest-waiting task, if any; asyncio's {@code notify()}. */
  public void notifyOne() {
    wake(1, "Condition.notifyOne");
  }

  /** Wakes every waiting task; asyncio's {@code notify_all()}. The caller must hold the lock. */
  public void notifyAllWaiters() {
    wake(Integer.MAX_VALUE, "Condition.notifyAllWaiters");
  }

  private void wake(int n, String what) {
    onLoop(what);
    if (n < 0) {
      throw new IllegalArgumentException(what + ": negative count " + n);
    }
    requireLocked(what);
    for (int i = 0; i < n && waiters.wakeFirst(null); i++) {
      // each wakeFirst hands one notification to the longest-waiting task
    }
  }

  /**
   * The number of tasks waiting to be notified.
   *
   * @return the count
   */
  public int waiting() {
    return waiters.size();
  }

  private void requireLocked(String what) {
    if (!lock.isLocked()) {
      throw new IllegalStateException(what + " needs the condition's lock held; take it first"
          + " (withLock or acquire)");
    }
  }
}
