package dev.jasyncio;

/**
 * One task's accounting, always on: its steps, the time it ran on the loop, the time it was ready
 * but waited for the loop (scheduling delay), and the time it was suspended, split by
 * {@link WaitKind}. The fields live in the task's {@link TaskStep} (this is its superclass), so a
 * task costs no extra allocation. {@link LoopStats} writes them on the loop around each step with
 * {@link CoarseClock} stamps; the task monitor reads them racily from its own thread (each field
 * is a plain long or reference: a read may be stale, never torn beyond one field).
 */
abstract class TaskStats {
  static final byte NEW = 0;
  static final byte READY = 1;
  static final byte RUNNING = 2;
  static final byte SUSPENDED = 3;
  static final byte DONE = 4;

  /** When the task (or this JDK-scheduled step) was created. */
  final long createdAt = CoarseClock.now();
  /** When it last became ready. */
  long readyAt;
  /** When it last started or stopped running. */
  long lastAt = createdAt;
  long runningNanos;
  long readyNanos;
  /** Suspended time by {@link WaitKind} ordinal; allocated at the first wait. */
  long[] suspendedNanos;
  int steps;
  /** The id of the task of the same loop that created it, or 0 (for the monitor's task tree). */
  long parentId;
  byte state;
  /** What the current (or last) suspension waits on. */
  WaitKind waitKind;

  /** The task was made ready: by a wake on the loop, or through the inbox from another thread. */
  final void readied() {
    readyAt = CoarseClock.now();
    state = READY;
  }

  /** A step starts at {@code now}; it was made ready at {@code readyStamp}. Returns the delay. */
  final long started(long readyStamp, long now) {
    WaitKind k = waitKind;
    if (k != null) {
      long[] s = suspendedNanos;
      if (s == null) {
        s = suspendedNanos = new long[WaitKind.values().length];
      }
      s[k.ordinal()] += Math.max(0, readyStamp - lastAt);
    }
    long delay = Math.max(0, now - readyStamp);
    readyNanos += delay;
    steps++;
    lastAt = now;
    state = RUNNING;
    return delay;
  }

  /** The step ended at {@code now}; the task now waits on {@code kind}, or is done (null). */
  final void ended(long now, WaitKind kind, boolean done) {
    runningNanos += Math.max(0, now - lastAt);
    lastAt = now;
    if (state == READY) {
      waitKind = null; // it yielded, or was woken before it parked: it stays ready
    } else {
      waitKind = kind;
      state = done ? DONE : SUSPENDED;
    }
  }

  /** Suspended time so far for {@code kind}, counting the current wait up to {@code now}. */
  final long suspendedNanos(WaitKind kind, long now) {
    long[] s = suspendedNanos;
    long n = s == null ? 0 : s[kind.ordinal()];
    if (waitKind == kind && state == SUSPENDED) {
      n += Math.max(0, now - lastAt);
    } else if (waitKind == kind && state == READY) {
      n += Math.max(0, readyAt - lastAt);
    }
    return n;
  }

  /** Running time so far, counting the current step up to {@code now}. */
  final long runningNanos(long now) {
    return runningNanos + (state == RUNNING ? Math.max(0, now - lastAt) : 0);
  }

  /** Ready time so far, counting the current wait for the loop up to {@code now}. */
  final long readyNanos(long now) {
    return readyNanos + (state == READY ? Math.max(0, now - readyAt) : 0);
  }
}
