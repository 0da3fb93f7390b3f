package dev.jasyncio.internal;

/**
 * A FIFO list of tasks waiting for a change (bytes arrived, room to write, a close), on the
 * core's waiter mechanism: waking schedules the tasks, cancelling a waiting task takes it out.
 * Loop-only.
 */
public interface WaitList {
  /** Suspends the calling task until {@link #wakeAll()}; throws if the task is cancelled. */
  void await();

  /** Wakes every waiting task, in order. */
  void wakeAll();

  /**
   * Whether no task waits.
   *
   * @return true if empty
   */
  boolean isEmpty();
}
