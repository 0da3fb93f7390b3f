package dev.jasyncio;

import java.util.concurrent.Callable;

/**
 * A counter of permits for tasks: asyncio's {@code Semaphore}. {@link #acquire()} takes a permit,
 * suspending while none is free; {@link #release()} gives one back. Waiting tasks get permits in
 * the order they asked (FIFO): a newcomer never barges ahead of a waiter. A task cancelled while
 * waiting never takes a permit; one cancelled after a permit was handed to it, before it resumed,
 * gives it on to the next waiter, as in asyncio.
 *
 * <pre>{@code
 * Semaphore limit = new Semaphore(10);
 * try (var _ = limit.acquire()) {
 *   fetch(url); // at most 10 fetches at once
 * }
 * }</pre>
 *
 * <p>Named as in asyncio; it is not {@link java.util.concurrent.Semaphore} (which blocks
 * threads). Where both are in scope, import this one by name. Releasing more often than acquiring
 * raises the count, as in asyncio; {@link BoundedSemaphore} forbids that.
 */
public sealed class Semaphore extends LoopBound implements Acquired.Releasable permits BoundedSemaphore {
  final PermitGate gate;

  /**
   * Creates a semaphore with {@code permits} free permits. It belongs to the loop that first uses
   * it.
   *
   * @param permits the initial number of permits, not negative
   * @throws IllegalArgumentException if {@code permits} is negative
   */
  public Semaphore(int permits) {
    if (permits < 0) {
      throw new IllegalArgumentException("Semaphore permits must not be negative: " + permits);
    }
    gate = new PermitGate(this, "Semaphore.acquire", permits);
  }

  /**
   * Takes a permit, suspending the calling task until one is free; close the result to release.
   * Does not suspend when a permit is free and nobody waits.
   *
   * @return a handle that releases the permit when closed
   * @throws CancelledException if the task is cancelled while waiting (it then holds no permit)
   */
  public Acquired acquire() {
    gate.take(callerTask("Semaphore.acquire"), true);
    return new Acquired(this);
  }

  /**
   * Takes a permit if one is free right now and nobody waits, without suspending.
   *
   * @return true if the caller now holds a permit
   */
  public boolean tryAcquire() {
    onLoop("Semaphore.tryAcquire");
    return gate.tryTake();
  }

  /** Gives a permit back: the first waiting task gets it, else the count grows. */
  public void release() {
    onLoop("Semaphore.release");
    gate.give();
  }

  /**
   * Whether {@link #acquire()} would suspend now; asyncio's {@code locked()}.
   *
   * @return true if no permit is free
   */
  public boolean isLocked() {
    return gate.permits == 0;
  }

  /**
   * The number of free permits.
   *
   * @return free permits, 0 while tasks wait
   */
  public int availablePermits() {
    return gate.permits;
  }

  /**
   * Runs {@code body} holding a permit and returns its result; asyncio's {@code async with sem}.
   *
   * @param body what to run
   * @param <T> the result type
   * @return the body's result
   */
  public <T> T withPermit(Callable<T> body) {
    return gate.with(callerTask("Semaphore.withPermit"), body, this::release);
  }

  /**
   * Runs {@code body} holding a permit.
   *
   * @param body what to run
   */
  public void withPermit(ThrowingRunnable body) {
    withPermit(Async.callable(body));
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[permits=" + gate.permits + ", waiters=" + gate.waiters.size() + "]";
  }
}
