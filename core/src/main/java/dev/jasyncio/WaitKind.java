package dev.jasyncio;

/**
 * What a suspended task waits on, as the loop's accounting splits a task's suspended time and the
 * task monitor shows it.
 */
public enum WaitKind {
  /** A sleep or a timer: {@code Async.sleep}, a wait with a deadline and nothing else. */
  SLEEP,
  /** A primitive of the loop: a lock, semaphore, condition, event, queue, barrier, promise or task. */
  PRIMITIVE,
  /** The outside world through the loop's selector: bytes to read, room to write, a peer. */
  IO,
  /** Work handed off the loop: {@code Async.toThread}, {@code Async.onCpu}, a blocking section. */
  OFFLOADED,
  /**
   * Anything else: a wait on several things at once, or (on the carrier backend) a JDK blocking
   * call that parks the task by itself.
   */
  OTHER;

  private static final WaitKind[] ALL = values();

  static WaitKind of(int ordinal) {
    return ALL[ordinal];
  }
}
