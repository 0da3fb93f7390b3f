package dev.jasyncio;

/**
 * Debug mode's watchdog: a daemon thread that notices a step holding the loop past the slow
 * threshold and samples the stack where it is stuck, so the report can say where, not just that.
 */
final class DebugMonitor {
  private final Loop loop;
  private final long thresholdNanos;
  private volatile Thread watchdog;
  private volatile Task<?> stepTask;
  private volatile long stepStart;
  private volatile long stepSeq;
  private volatile long sampledSeq = -1;
  private volatile StackTraceElement[] sampled;
  private volatile boolean shutdown;

  DebugMonitor(Loop loop, long thresholdNanos) {
    this.loop = loop;
    this.thresholdNanos = thresholdNanos;
  }

  synchronized void start() {
    if (watchdog != null || shutdown) {
      return;
    }
    watchdog = Thread.ofPlatform().daemon().name("jasyncio-debug-watchdog").start(this::watch);
  }

  void shutdown() {
    shutdown = true;
    Thread w = watchdog;
    if (w != null) {
      w.interrupt();
    }
  }

  void stepStarted(Task<?> task, long start) {
    stepTask = task;
    stepStart = start;
    stepSeq++;
  }

  /** The stack sampled during the step that just ended, or null. */
  StackTraceElement[] stepEnded() {
    long seq = stepSeq;
    stepStart = 0;
    StackTraceElement[] s = sampledSeq == seq ? sampled : null;
    sampled = null;
    return s;
  }

  private void watch() {
    long tick = Math.max(1_000_000L, thresholdNanos / 4);
    while (!shutdown) {
      try {
        Thread.sleep(tick / 1_000_000L, (int) (tick % 1_000_000L));
      } catch (InterruptedException e) {
        if (shutdown) {
          return;
        }
      }
      long start = stepStart;
      long seq = stepSeq;
      if (start != 0 && sampledSeq != seq && System.nanoTime() - start > thresholdNanos) {
        Task<?> t = stepTask;
        Thread stuck = t != null ? t.thread : loop.scheduler.thread;
        StackTraceElement[] st = stuck != null ? stuck.getStackTrace() : null;
        if (st != null && st.length > 0) { // empty: the thread is not mounted yet; sample again
          sampled = st;
          sampledSeq = seq;
        }
      }
    }
  }
}
