package dev.jasyncio;

/**
 * The times of a task that has suspended at least once: running on the loop, ready but waiting
 * for the loop (scheduling delay), and suspended by {@link WaitKind}, plus what the current (or
 * last) suspension waits on. Allocated by {@link LoopStats} when a task's first step ends with
 * the task not done, or at its first wake when that step cost nothing to count (see
 * {@link TaskStep}): a task that runs to its end in one step (a spawn) never allocates one, and
 * its one step's times are the loop's ({@link LoopStats#stepStartedAt()}, the step's delay) while
 * it runs. Written on the loop; the task monitor reads it racily from its own thread (each field
 * is a plain long or reference: a read may be stale, never torn beyond one field).
 */
final class TaskStats {
  /** When the task last started or stopped running. */
  long lastAt;
  long runningNanos;
  long readyNanos;
  /**
   * Suspended time by {@link WaitKind}, a field per kind rather than a {@code long[]}: every task
   * that suspends twice would allocate the array, 56 bytes and an object more than these 40.
   */
  private long sleepNanos;
  private long primitiveNanos;
  private long ioNanos;
  private long offloadedNanos;
  private long otherNanos;
  /** What the current (or last) suspension waits on; null while ready after a yield. */
  WaitKind waitKind;

  /** The first step ended: it started at {@code startedAt} after {@code delay} ready. */
  TaskStats(long startedAt, long delay) {
    this.lastAt = startedAt;
    this.readyNanos = delay;
  }

  /** A step starts at {@code now}; the task was made ready at {@code readyAt}, {@code delay} ago. */
  void started(long readyAt, long now, long delay) {
    WaitKind k = waitKind;
    if (k != null) {
      addSuspended(k, Math.max(0, readyAt - lastAt));
    }
    readyNanos += delay;
    lastAt = now;
  }

  /** The step ended at {@code now}; the task waits on {@code kind} (null: ready, or done). */
  void ended(long now, WaitKind kind) {
    if (now != lastAt) {
      runningNanos += Math.max(0, now - lastAt);
      lastAt = now;
    }
    if (waitKind != kind) { // a task mostly waits on one kind: no reference store per step
      waitKind = kind;
    }
  }

  /** Suspended time on {@code kind} up to the end of the last suspension that ended. */
  long suspendedNanos(WaitKind kind) {
    return switch (kind) {
      case SLEEP -> sleepNanos;
      case PRIMITIVE -> primitiveNanos;
      case IO -> ioNanos;
      case OFFLOADED -> offloadedNanos;
      case OTHER -> otherNanos;
    };
  }

  private void addSuspended(WaitKind kind, long nanos) {
    switch (kind) {
      case SLEEP -> sleepNanos += nanos;
      case PRIMITIVE -> primitiveNanos += nanos;
      case IO -> ioNanos += nanos;
      case OFFLOADED -> offloadedNanos += nanos;
      case OTHER -> otherNanos += nanos;
    }
  }
}
