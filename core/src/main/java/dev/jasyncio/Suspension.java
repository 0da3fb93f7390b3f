package dev.jasyncio;

/**
 * What a suspended task waits for to wake it: the task and how the wait stands. A {@link Waiter}
 * waits in a queue (a promise, a lock, a permit, an item) and is handed a value; a
 * {@link SleepWaiter} waits on its own deadline and needs neither, so a million sleeping tasks
 * keep no queue links they never use. Loop-only.
 */
abstract sealed class Suspension permits Waiter, SleepWaiter {
  static final int WAITING = 0;
  static final int WOKEN = 1;
  static final int CANCELLED = 2;

  final Task<?> task;
  int state = WAITING;

  Suspension(Task<?> task) {
    this.task = task;
  }

  final boolean isWaiting() {
    return state == WAITING;
  }

  /** Wakes it with a value (which a wait without a queue has no use for); false if already woken. */
  abstract boolean wake(Object v);

  /** The task's cancellation came first: leave the queue, if any, for good, holding nothing. */
  abstract void cancel();

  /**
   * The task was cancelled after the wake and before it resumed: give back what was handed over
   * (see {@link Waiter#handBack()}). A wait that was handed nothing has nothing to give back.
   *
   * @return true if the wait must now raise the cancellation
   */
  boolean handBack() {
    return true;
  }

  /** What this wait is on, for the accounting. */
  abstract WaitKind kind();
}
