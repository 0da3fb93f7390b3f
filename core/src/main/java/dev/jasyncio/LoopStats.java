package dev.jasyncio;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.IdentityHashMap;

/**
 * One loop's accounting, always on: busy and idle time, steps, a histogram of scheduling delay,
 * and the task running now. It also keeps each task's {@link TaskStats} around its steps: the
 * scheduler calls {@link #stepStarting} and {@link #stepEnded} around every task step, and
 * {@link #idleSince} after every idle wait. Loop-only, except what the monitor reads
 * ({@link #running()}, {@link #stepStartedAt()}): an opaque store per step, and racy reads.
 */
final class LoopStats {
  /** Scheduling-delay buckets: 0 holds delays under 1 µs, bucket b those in [2^(b-1), 2^b) µs. */
  static final int BUCKETS = 32;

  private static final VarHandle RUNNING;

  static {
    try {
      RUNNING = MethodHandles.lookup().findVarHandle(LoopStats.class, "running", Task.class);
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
  /** Steps by scheduling delay, except bucket 0, which {@link #delayHistogram()} derives. */
  private final long[] delayHistogram = new long[BUCKETS];
  /**
   * The task whose step ran last; it runs now while its state is RUNNING (not cleared after the
   * step, which would cost a store per step; {@link #running()} checks the state instead).
   */
  private Task<?> running; // written through RUNNING
  /** The start of the current (or last) task step, and its scheduling delay. */
  private long stepStartedAt;
  private long stepDelay;
  /**
   * Carrier: tasks parked inside a JDK call, by their continuation. The JDK wakes them with a
   * continuation the engine cannot name; this names it, so the step is the task's.
   */
  private IdentityHashMap<Runnable, Task<?>> parkedInJdk;

  LoopStats(boolean carrier) {
    this.carrier = carrier;
  }

  /**
   * Before a task step: who it belongs to, and its accounting. Most steps start in the tick their
   * task last stopped and became ready in, with nothing to add to any sum: that path is kept small
   * enough to be compiled into the scheduler's loop, and the rest is {@link #stepStartingInFull}.
   */
  void stepStarting(TaskStep s) {
    long now = CoarseClock.now();
    Task<?> t = s.task; // a task's own step (s == t.step), or null for a JDK wrapper
    TaskStats st = s.stats;
    if (t == null || now != s.readyAt || (st != null && st.lastAt != now)) {
      stepStartingInFull(s, now);
      return;
    }
    s.countStep();
    s.state = TaskStep.RUNNING;
    stepDelay = 0;
    stepStartedAt = now;
    steps++;
    RUNNING.setOpaque(this, t);
  }

  private void stepStartingInFull(TaskStep s, long now) {
    Task<?> t = s.task;
    if (t == null && parkedInJdk != null && !parkedInJdk.isEmpty()) {
      t = parkedInJdk.remove(s.continuation);
    }
    if (t != null) {
      TaskStep ts = t.step;
      long readyAt = s.readyAt; // the wrapper's, for a step the JDK scheduled
      long delay = Math.max(0, now - readyAt);
      if (delay != 0) { // bucket 0 is derived, see delayHistogram()
        delayHistogram[bucket(delay)]++;
      }
      TaskStats st = ts.stats;
      if (st == null && ts.state == TaskStep.SUSPENDED) {
        st = ts.firstWoken(); // woken without its own step readied (a JDK wake): see readied
      }
      if (st != null) {
        st.started(readyAt, now, delay);
      }
      ts.countStep();
      ts.state = TaskStep.RUNNING;
      stepDelay = delay;
      stepStartedAt = now;
    }
    steps++;
    RUNNING.setOpaque(this, t);
  }

  /**
   * After a task step of {@code t} (null: a JDK-scheduled step of a task not known here). The
   * small path: it suspended on the kind of wait it suspended on before, in the tick its step
   * started in; the rest is {@link #stepEndedInFull}.
   */
  void stepEnded(Task<?> t) {
    if (t == null) {
      return;
    }
    TaskStep ts = t.step;
    TaskStats st = ts.stats;
    Suspension w = t.waiting;
    // RUNNING still: it was not woken during the step (READY), so it suspended or ended
    if (st != null && w != null && ts.state == TaskStep.RUNNING && st.lastAt == CoarseClock.now()
        && st.waitKind == w.kind() && !t.isDone()) {
      ts.state = TaskStep.SUSPENDED;
      return;
    }
    stepEndedInFull(t);
  }

  private void stepEndedInFull(Task<?> t) {
    TaskStep ts = t.step;
    if (t.isDone()) {
      ts.state = TaskStep.DONE;
      TaskStats st = ts.stats;
      if (st != null) {
        st.ended(CoarseClock.now(), null);
      }
      return;
    }
    WaitKind kind = null;
    byte state = ts.state;
    if (state != TaskStep.READY) { // READY: it yielded, or was woken before it parked
      state = TaskStep.SUSPENDED;
      Suspension w = t.waiting;
      if (w != null) {
        kind = w.kind();
      } else {
        // a blocking section runs without the loop; else it parked in a JDK call (carrier)
        kind = t.offLoop ? WaitKind.OFFLOADED : WaitKind.OTHER;
        if (carrier && !t.offLoop) { // the JDK wakes it: name its step (a section ends in its own)
          if (parkedInJdk == null) {
            parkedInJdk = new IdentityHashMap<>();
          }
          parkedInJdk.put(ts.continuation, t);
        }
      }
    }
    long now = CoarseClock.now();
    TaskStats st = ts.stats;
    if (st == null) { // the first step that leaves it alive
      // nothing run to count (it parked in the tick it started in), on a wait of the loop's (its
      // wake readies the task's own step; a JDK wake readies another): TaskStats at its wake
      if (state == TaskStep.SUSPENDED && t.waiting != null && stepStartedAt == now
          && stepDelay <= Integer.MAX_VALUE) {
        ts.firstSuspended(now, (int) stepDelay, kind);
        return;
      }
      ts.stats = new TaskStats(stepStartedAt, stepDelay);
      st = ts.stats;
    }
    st.ended(now, kind);
    ts.state = state;
  }

  /** The run loop starts on its driver. */
  void runStarted() {
    CoarseClock.loopBusy();
    runStartedAt = System.nanoTime();
  }

  void runEnded() {
    runNanos += System.nanoTime() - runStartedAt;
    runStartedAt = 0;
    CoarseClock.loopIdle();
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

  /** Task steps by scheduling delay ({@link #bucket}): a copy, racy off the loop. */
  long[] delayHistogram() {
    long[] h = delayHistogram.clone();
    long rest = 0;
    for (int b = 1; b < BUCKETS; b++) {
      rest += h[b];
    }
    h[0] = Math.max(0, steps - rest); // with the few steps no task could be named for
    return h;
  }

  long idleNanos() {
    return idleNanos;
  }

  /** Loop-only: the task whose step started last (the one running, while a step runs), or null. */
  Task<?> stepping() {
    return running;
  }

  /** The task whose step runs now, or null (none, or a callback or unknown step); any thread. */
  Task<?> running() {
    Task<?> t = (Task<?>) RUNNING.getOpaque(this);
    return t != null && t.step.state == TaskStep.RUNNING ? t : null;
  }

  /** The coarse time the current (or last) step started; racy off the loop. */
  long stepStartedAt() {
    return stepStartedAt;
  }

  /** How long the current (or last) task step waited in the ready queue; racy off the loop. */
  long stepDelay() {
    return stepDelay;
  }

  static int bucket(long delayNanos) {
    return Math.min(BUCKETS - 1, 64 - Long.numberOfLeadingZeros(delayNanos >>> 10));
  }
}
