package dev.jasyncio;

/**
 * A task's wait in {@code Async.sleep}, and its own timer: it sits in the loop's timer heap until
 * its deadline, then in the ready queue as a callback that wakes the task, as asyncio's sleep
 * wakes its task from a timer callback. The monitor shows it as a sleep.
 */
final class SleepWaiter extends Waiter implements ReadyItem {
  /** When the sleep ends, on the loop's clock. */
  final long deadline;
  /** Its slot in the loop's {@code TimerQueue}: heap (0 and up), run (-2 - slot), or none (-1). */
  int heapIndex = -1;

  SleepWaiter(Task<?> task, long deadline) {
    super(task);
    this.deadline = deadline;
  }

  @Override
  public String toString() {
    return "the sleep of task '" + task.getName() + "'";
  }
}
