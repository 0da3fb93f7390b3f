package dev.jasyncio;

/**
 * A task's wait in {@code Async.sleep}, and its own timer: it sits in the loop's timer heap until
 * its deadline, then in the ready queue as a callback that wakes the task, as asyncio's sleep
 * wakes its task from a timer callback. No queue and no value: 32 bytes with compressed
 * references, against a {@link Waiter}'s 40 plus these fields. The monitor shows it as a sleep.
 */
final class SleepWaiter extends Suspension implements ReadyItem {
  /** When the sleep ends, on the loop's clock. */
  final long deadline;
  /** Its slot in the loop's {@code TimerQueue}: heap (0 and up), run (-2 - slot), or none (-1). */
  int heapIndex = -1;

  SleepWaiter(Task<?> task, long deadline) {
    super(task);
    this.deadline = deadline;
  }

  /** The deadline passed: the loop reached it in the ready queue. */
  void run() {
    wake(null);
  }

  @Override
  boolean wake(Object v) {
    if (state != WAITING) {
      return false;
    }
    state = WOKEN;
    task.resume();
    return true;
  }

  /** The sleeping task leaves the timer heap itself, in {@code Task.sleepNanos}. */
  @Override
  void cancel() {
    state = CANCELLED;
  }

  @Override
  WaitKind kind() {
    return WaitKind.SLEEP;
  }

  @Override
  public String toString() {
    return "the sleep of task '" + task.getName() + "'";
  }
}
