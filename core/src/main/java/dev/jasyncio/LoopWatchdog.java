package dev.jasyncio;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * A loop's watchdog: warns, through the loop's exception handler, of a step (a task's run between
 * two suspension points, or a callback) that held the loop past the slow threshold, with the task
 * and the stack where it was stuck; and of a task that keeps waking itself (zero sleeps or yields
 * in a row, far faster than any real work needs). On by default: 1 s, 100 ms in debug mode.
 *
 * <p>The loop pays two plain stores per step: a step counter and the item it runs. One shared
 * daemon sampler thread looks at every running loop eight times per threshold; when the same step
 * is still running a threshold after it first saw it, it samples the stuck thread's stack (and
 * records a {@link LoopStallEvent}). The loop, as the step ends, sees the mark and reports. So
 * outside debug mode a step's duration is measured to within an eighth of the threshold, and a
 * step shorter than the threshold plus that may go unreported. Debug mode times every step
 * exactly, as asyncio's does, and reports every slow one.
 *
 * <p>Rate limits, outside debug mode: at most one slow-step warning per loop every
 * {@value #REPORT_INTERVAL_SECONDS} s, the next one saying how many were left out; every slow step
 * is still a {@link SlowStepEvent} in a JFR recording. A busy-waking task is reported once until
 * it waits on something else, and at most one such warning per loop every
 * {@value #REPORT_INTERVAL_SECONDS} s, in every mode.
 */
final class LoopWatchdog {
  /** Busy-waking: this many self-wakes in a row ... */
  static final int BUSY_WAKES = 10_000;
  /** ... within this much real time. */
  static final long BUSY_WINDOW_NANOS = 1_000_000_000L;
  /** Self-wakes in a row before the window starts; the task counts them (cheap), this measures. */
  static final int BUSY_CHECK_FROM = 100;
  static final int REPORT_INTERVAL_SECONDS = 10;
  private static final long REPORT_INTERVAL_NANOS = REPORT_INTERVAL_SECONDS * 1_000_000_000L;

  private static final VarHandle SEQ;
  private static final Set<LoopWatchdog> WATCHED = ConcurrentHashMap.newKeySet();
  private static Thread sampler; // guarded by WATCHED

  static {
    try {
      SEQ = MethodHandles.lookup().findVarHandle(LoopWatchdog.class, "seq", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Loop loop;
  final long thresholdNanos;
  /** Debug mode: time every step exactly and report every slow one. */
  private final boolean exact;

  // Written by the loop only. seq is odd while a step runs; published with release.
  @SuppressWarnings("unused") // through SEQ
  private long seq;
  private ReadyItem current;
  /** Debug mode: when the current step started, exactly (published with seq). */
  private long exactStart;

  // The sampler's view; the mark is published by the volatile write of flaggedSeq.
  private long seenSeq;
  private long seenAt;
  private StackTraceElement[] flaggedStack;
  private long flaggedSeenAt;
  private volatile long flaggedSeq = -1;

  // Reports; loop-only.
  private long lastSlowReport;
  private boolean slowReported;
  private int slowSuppressed;
  private long lastBusyReport;
  private boolean busyReported;
  /** Busy-wake windows: when each task's began. */
  private final java.util.Map<Task<?>, Long> busySince = new java.util.IdentityHashMap<>();

  LoopWatchdog(Loop loop, long thresholdNanos, boolean exact) {
    this.loop = loop;
    this.thresholdNanos = thresholdNanos;
    this.exact = exact;
  }

  // ---------------------------------------------------------------------------------------------
  // On the loop

  /** The loop starts running: the sampler watches it until {@link #stopped}. */
  void started() {
    synchronized (WATCHED) {
      WATCHED.add(this);
      if (sampler == null) {
        sampler = Thread.ofPlatform().daemon().name("jasyncio-watchdog").start(LoopWatchdog::sample);
      } else {
        LockSupport.unpark(sampler);
      }
    }
  }

  void stopped() {
    WATCHED.remove(this);
  }

  /** Runs one ready item, watched. */
  void run(Scheduler scheduler, ReadyItem item) {
    begin(item);
    scheduler.run(item);
    end();
  }

  /** A step starts: the sampler sees a new odd seq. */
  void begin(ReadyItem item) {
    current = item;
    long s = (long) SEQ.get(this) + 1;
    if (exact) {
      exactStart = System.nanoTime(); // the sampler samples as soon as the threshold has passed
    }
    SEQ.setRelease(this, s);
  }

  /** The current step ended: report it if it was slow. */
  void end() {
    long s = (long) SEQ.get(this);
    long took = exact ? System.nanoTime() - exactStart : 0;
    SEQ.setRelease(this, s + 1);
    if (!exact) {
      if (flaggedSeq == s) {
        slow(current, System.nanoTime() - flaggedSeenAt, flaggedStack);
      }
    } else if (took > thresholdNanos) {
      slow(current, took, flaggedSeq == s ? flaggedStack : null);
    }
  }

  /**
   * Whether the current step may end without a report, so that the task that ran it can start
   * the next one itself (the portable backend's hand-off); a slow step ends on the driver, where
   * reports are made.
   */
  boolean endsQuietly() {
    long s = (long) SEQ.get(this);
    return flaggedSeq != s && (!exact || System.nanoTime() - exactStart <= thresholdNanos);
  }

  private void slow(ReadyItem item, long took, StackTraceElement[] stuck) {
    flaggedStack = null;
    Task<?> task = taskOf(item, true);
    String who = task != null ? "task '" + task.getName() + "'" : "callback " + item;
    if (EventRelay.mayRecord()) {
      SlowStepEvent.emit(loop, task, who, took, thresholdNanos, stuck);
    }
    String note = "";
    if (!exact) {
      long now = System.nanoTime();
      if (slowReported && now - lastSlowReport < REPORT_INTERVAL_NANOS) {
        slowSuppressed++;
        return;
      }
      if (slowSuppressed > 0) {
        note = String.format("; %d more slow step%s in the %d s before were not reported",
            slowSuppressed, slowSuppressed == 1 ? "" : "s", REPORT_INTERVAL_SECONDS);
      }
      slowReported = true;
      lastSlowReport = now;
      slowSuppressed = 0;
    }
    loop.callExceptionHandler(new ExceptionContext(String.format(
        "%s held the loop for %.0f ms (slow callback duration %d ms)%s",
        who, took / 1e6, thresholdNanos / 1_000_000, note), null, task, stuck));
  }

  /**
   * On the loop: {@code task} has woken itself {@link #BUSY_CHECK_FROM} times in a row (its count
   * is at that value), or {@link #BUSY_WAKES} more since its window began (its count is back at 0).
   * Starts the window, or measures it and warns if the task is busy-waking.
   */
  void selfWakes(Task<?> task) {
    long now = System.nanoTime();
    if (task.selfWakes != 0) { // a window begins: count BUSY_WAKES more up to 0
      if (busySince.size() >= 64) {
        busySince.clear(); // windows of tasks that waited or ended since: forget them
      }
      busySince.put(task, now);
      task.selfWakes = -BUSY_WAKES;
      return;
    }
    Long since = busySince.remove(task);
    long took = since == null ? Long.MAX_VALUE : now - since;
    if (took >= BUSY_WINDOW_NANOS) {
      task.selfWakes = BUSY_CHECK_FROM - 1; // real work between the wakes; the next wake measures again
      return;
    }
    task.selfWakes = Integer.MIN_VALUE; // reported once, until it waits on something else
    if (busyReported && now - lastBusyReport < REPORT_INTERVAL_NANOS) {
      return;
    }
    busyReported = true;
    lastBusyReport = now;
    loop.callExceptionHandler(new ExceptionContext(String.format(
        "task '%s' woke itself %d times in a row in %.0f ms without waiting on anything"
            + " (Async.sleep(0) or a yield in a loop?): it keeps the loop busy; wait on an Event,"
            + " a Condition or a Queue instead", task.getName(), BUSY_WAKES, took / 1e6),
        null, task, Thread.currentThread().getStackTrace()));
  }

  /** The task an item runs, or null for a callback or a continuation no task claims. */
  private Task<?> taskOf(ReadyItem item, boolean onLoop) {
    if (!(item instanceof TaskStep s)) {
      return null;
    }
    if (s.task != null) {
      return s.task;
    }
    Task<?> t = onLoop ? loop.engine.taskOf(s) : null;
    if (t != null) {
      return t;
    }
    // a continuation the JDK scheduled (carrier, after a JDK park): find whose it is. Off the loop
    // this reads the task list racily; the loop is stuck in the step, so it barely changes.
    try {
      for (Task<?> c : loop.allTasks()) {
        if (c != null && c.step != null && c.step.continuation == s.continuation) {
          return c;
        }
      }
    } catch (RuntimeException racing) {
      // the list changed under the sampler: name no task this time
    }
    return null;
  }

  // ---------------------------------------------------------------------------------------------
  // The sampler thread

  private static void sample() {
    while (true) {
      long tick = Long.MAX_VALUE;
      for (LoopWatchdog w : WATCHED) {
        tick = Math.min(tick, w.thresholdNanos / 8);
      }
      if (tick == Long.MAX_VALUE) {
        LockSupport.park(); // no loop runs: started() wakes us
      } else {
        LockSupport.parkNanos(Math.max(1_000_000L, Math.min(tick, 100_000_000L)));
      }
      long now = System.nanoTime();
      for (LoopWatchdog w : WATCHED) {
        try {
          w.check(now);
        } catch (RuntimeException | StackOverflowError e) {
          // a loop that races the sampler is looked at again next tick
        }
      }
    }
  }

  /** On the sampler: marks the loop's current step if it has held the loop past the threshold. */
  private void check(long now) {
    long s = (long) SEQ.getAcquire(this);
    if ((s & 1) == 0 || s != seenSeq) {
      seenSeq = s;
      seenAt = now;
      return;
    }
    if (exact) {
      seenAt = exactStart; // published by seq; exact, where seenAt is a tick late at worst
    }
    if (flaggedSeq == s || now - seenAt < thresholdNanos) {
      return;
    }
    ReadyItem item = current; // written before seq
    Task<?> task = taskOf(item, false);
    Thread stuck = task != null ? task.thread : loop.scheduler.thread;
    StackTraceElement[] st = stuck != null ? stuck.getStackTrace() : null;
    if (st == null || st.length == 0 || (long) SEQ.getAcquire(this) != s) {
      return; // not mounted yet, or the step ended meanwhile: look again next tick
    }
    flaggedStack = st;
    flaggedSeenAt = seenAt;
    flaggedSeq = s;
    String who = task != null ? "task '" + task.getName() + "'" : "callback " + item;
    if (EventRelay.mayRecord()) {
      LoopStallEvent.emit(loop, task, who, System.nanoTime() - seenAt, st);
    }
  }
}
