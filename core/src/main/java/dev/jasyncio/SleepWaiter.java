package dev.jasyncio;

/** A task's wait in {@code Async.sleep}: woken by its timer, and shown by the monitor as a sleep. */
final class SleepWaiter extends Waiter {
  /** The timer that wakes it; its deadline is when the sleep ends. */
  TimerHandle timer;

  SleepWaiter(Task<?> task) {
    super(task);
  }
}
