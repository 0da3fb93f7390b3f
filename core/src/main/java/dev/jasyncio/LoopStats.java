package dev.jasyncio;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.IdentityHashMap;

/**
 * One loop's accounting, always on: busy and idle time, steps, a histogram of scheduling delay,
 * and the task running now. It also keeps each task's {@link TaskStats} around its steps: the
 * scheduler calls {@link #stepStarting} and {@link #stepEnded} around every task step, and
 * {@link #idleSince} after every idle wait. Loop-only, except the fields the monitor reads
 * ({@link #running}, {@link #stepStartedAt}), which are written with opaque stores.
 */
final class LoopStats {
  /** Scheduling-delay buckets: 0 holds delays under 1 µs, bucket b those in [2^(b-1), 2^b) µs. */
  static final int BUCKETS = 32;

  private static final VarHandle RUNNING;
  private static final VarHandle STEP_STARTED_AT;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      RUNNING = l.findVarHandle(LoopStats.class, "running", Task.class);
      STEP_STARTED_AT = l.findVarHandle(LoopStats.class, "stepStartedAt", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final boolean carrier;
  /** Task steps run, over the loop's life. */
  long steps;
  /** Time spent in runs that have ended, and the start of the current run (or 0). */
  private long runNanos;
  private volatile long runStartedAt;
  private volatile long idleNanos;
  final long[] delayHistogram = new long[BUCKETS];
  /** The task whose step runs now, or null (a callback, the loop's own work, or idle). */
  @SuppressWarnings("unused") // through RUNNING
  private Task<?> running;
  @SuppressWarnings("unused") // through STEP_STARTED_AT
  private long stepStartedAt;
  /**
   * Carrier: tasks parked inside a JDK call, by their continuation. The JDK wakes them with a
   * continuation the engine cannot name; this names it, so the step is the task's.
   */
  private IdentityHashMap<Runnable, Task<?>> parkedInJdk;

  LoopStats(boolean carrier) {
    this.carrier = carrier;
  }

  /** Before a task step: who it belongs to, and its accounting. */
  Task<?> stepStarting(TaskStep s) {
    long now = CoarseClock.now();
    Task<?> t = s.task;
    if (t == null && parkedInJdk != null && !parkedInJdk.isEmpty()) {
      t = parkedInJdk.remove(s.continuation);
    }
    if (t != null) {
      long delay = t.step.started(s.readyAt, now);
      delayHistogram[bucket(delay)]++;
    }
    steps++;
    STEP_STARTED_AT.setOpaque(this, now);
    RUNNING.setOpaque(this, t);
    return t;
  }

  /** After a task step of {@code t} (null: a JDK-scheduled step of a task not known here). */
  void stepEnded(Task<?> t) {
    RUNNING.setOpaque(this, (Task<?>) null);
    if (t == null) {
      return;
    }
    long now = CoarseClock.now();
    boolean done = t.isDone();
    WaitKind kind = null;
    if (!done) {
      Waiter w = t.waiting;
      if (w != null) {
        kind = w.kind();
      } else {
        // a blocking section runs without the loop; else it parked in a JDK call (carrier)
        kind = t.offLoop ? WaitKind.OFFLOADED : WaitKind.OTHER;
        if (carrier && t.step.state != TaskStats.READY) { // the JDK wakes it: name its step
          if (parkedInJdk == null) {
            parkedInJdk = new IdentityHashMap<>();
          }
          parkedInJdk.put(t.step.continuation, t);
        }
      }
    }
    t.step.ended(now, kind, done);
  }

  /** The run loop starts on its driver. */
  void runStarted() {
    CoarseClock.loopStarted();
    runStartedAt = System.nanoTime();
  }

  void runEnded() {
    runNanos += System.nanoTime() - runStartedAt;
    runStartedAt = 0;
    CoarseClock.loopStopped();
  }

  /** The driver waited idle from {@code start} until now. */
  void idleSince(long start) {
    idleNanos += System.nanoTime() - start;
  }

  /** Wall time the loop has run, over its life; includes the current run. */
  long runNanos() {
    long start = runStartedAt;
    return runNanos + (start == 0 ? 0 : System.nanoTime() - start);
  }

  long idleNanos() {
    return idleNanos;
  }

  /** The task whose step runs now, or null; any thread. */
  Task<?> running() {
    return (Task<?>) RUNNING.getOpaque(this);
  }

  /** The coarse time the current (or last) step started; any thread. */
  long stepStartedAt() {
    return (long) STEP_STARTED_AT.getOpaque(this);
  }

  static int bucket(long delayNanos) {
    return Math.min(BUCKETS - 1, 64 - Long.numberOfLeadingZeros(delayNanos >>> 10));
  }
}
