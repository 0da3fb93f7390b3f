package dev.jasyncio;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The loop's scheduler: the ready queue, the timer heap, the inbox for work handed in from other
 * threads, the idle wait, and virtual time's autojump. One iteration ({@link #runOnce}) takes in
 * the inbox, waits if nothing is ready, moves due timers to the ready queue and runs one batch,
 * as asyncio's {@code _run_once} does. Everything but the inbox and {@link #wakeup} is touched
 * only on the loop.
 */
final class Scheduler {
  private final Loop loop;
  private final Clock clock;
  private final VirtualClock virtualClock;
  private final Engine engine;
  private final DebugMonitor monitor;
  private final long slowStepNanos;

  final ReadyQueue ready;
  final TimerQueue timers = new TimerQueue();
  private long timerSeq;
  private final ConcurrentLinkedQueue<ReadyItem> inbox = new ConcurrentLinkedQueue<>();
  private volatile boolean idle;
  private volatile boolean wakeRequested;
  /** The thread that drives the loop while it runs; null otherwise. */
  volatile Thread thread;

  // Virtual-time accounting: autojump only when nothing but the loop can make progress.
  /** Tasks parked in a library wait whose wake-up has not been issued. */
  int parkedInLibrary;
  /** Offloaded calls and awaited stages in flight: virtual time stands still for them. */
  private int pendingExternal;

  Scheduler(Loop loop, Engine engine, ReadyQueue ready, DebugMonitor monitor, long slowStepNanos) {
    this.loop = loop;
    this.clock = loop.clock;
    this.virtualClock = clock instanceof VirtualClock v ? v : null;
    this.engine = engine;
    this.ready = ready;
    this.monitor = monitor;
    this.slowStepNanos = slowStepNanos;
  }

  /** On the driver thread: runs iterations until {@code done} holds after one. */
  void runUntil(BooleanSupplier done) {
    thread = Thread.currentThread();
    Loop.CONTEXT.set(loop);
    if (monitor != null) {
      monitor.start();
    }
    boolean interrupted = false;
    try {
      while (!done.getAsBoolean()) {
        runOnce();
        interrupted |= Task.clearInterrupt();
      }
    } finally {
      Loop.CONTEXT.remove();
      thread = null;
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** One iteration: take in cross-thread work, wait if idle, fire due timers, run one batch. */
  private void runOnce() {
    drainInbox();
    if (ready.isEmpty()) {
      waitForWork();
      drainInbox();
    }
    long now = clock.nanoTime();
    while (timers.nextDeadline() <= now) {
      ready.add(timers.poll());
    }
    for (int left = ready.size(); left > 0; left--) {
      ReadyItem item = ready.poll(left);
      if (monitor == null) {
        run(item);
      } else {
        runDebug(item);
      }
    }
  }

  private void run(ReadyItem item) {
    switch (item) {
      case Handle h -> h.fire();
      case TaskStep s -> engine.runStep(s);
    }
  }

  private void runDebug(ReadyItem item) {
    Task<?> task = item instanceof TaskStep s ? engine.taskOf(s) : null;
    long t0 = System.nanoTime();
    monitor.stepStarted(task, t0);
    run(item);
    long took = System.nanoTime() - t0;
    StackTraceElement[] stuck = monitor.stepEnded();
    if (took > slowStepNanos) {
      String who = task != null ? "task '" + task.getName() + "'" : "callback " + item;
      loop.callExceptionHandler(new ExceptionContext(String.format(
          "%s held the loop for %.0f ms (slow callback duration %d ms)",
          who, took / 1e6, slowStepNanos / 1_000_000), null, task, stuck));
    }
  }

  private void drainInbox() {
    ReadyItem item;
    while ((item = inbox.poll()) != null) {
      ready.add(item);
    }
  }

  /** Nothing is ready: wait for the next timer, cross-thread work, or jump virtual time. */
  private void waitForWork() {
    long next = timers.nextDeadline();
    long waitNanos;
    if (virtualClock == null) {
      waitNanos = next == Long.MAX_VALUE ? Long.MAX_VALUE : next - clock.nanoTime();
    } else if (!virtualClock.isAutojump() || next == Long.MAX_VALUE || pendingExternal > 0) {
      waitNanos = Long.MAX_VALUE; // time stands still; wait for the outside world
    } else if (loop.liveTasks - parkedInLibrary == 0) {
      virtualClock.jumpTo(next); // every task waits on the loop: jump
      return;
    } else {
      // some task is blocked in a real call: give it the threshold, then jump
      if (park(virtualClock.autojumpThreshold().toNanos()) && inbox.isEmpty()) {
        virtualClock.jumpTo(next);
      }
      return;
    }
    if (waitNanos > 0) {
      park(waitNanos);
    }
  }

  /** Parks the driver; true if the full time passed with nothing arriving. */
  private boolean park(long nanos) {
    idle = true;
    try {
      if (!inbox.isEmpty() || wakeRequested) {
        return false;
      }
      long deadline = System.nanoTime() + Math.min(nanos, Long.MAX_VALUE / 4);
      while (inbox.isEmpty() && !wakeRequested) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return true;
        }
        if (nanos == Long.MAX_VALUE) {
          LockSupport.park(this);
        } else {
          LockSupport.parkNanos(this, left);
        }
        if (Thread.interrupted()) {
          // the driver thread was interrupted: keep running; runUntil restores the flag
          return false;
        }
      }
      return false;
    } finally {
      idle = false;
      wakeRequested = false;
    }
  }

  /** Wakes the driver if it is waiting; thread-safe. */
  void wakeup() {
    wakeRequested = true;
    Thread t = thread;
    if (idle && t != null) {
      LockSupport.unpark(t);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Ready work

  /** Adds a ready item: directly on the loop, through the inbox from elsewhere. */
  void enqueue(ReadyItem item) {
    if (loop.isOnLoop()) {
      ready.add(item);
    } else {
      enqueueFromAnyThread(item);
    }
  }

  void enqueueFromAnyThread(ReadyItem item) {
    inbox.add(item);
    wakeup();
  }

  /** Takes one item handed in from another thread and not yet run, or null. */
  ReadyItem pollInbox() {
    return inbox.poll();
  }

  /** Whether anything is ready or handed in. */
  boolean hasReadyWork() {
    return !ready.isEmpty() || !inbox.isEmpty();
  }

  /** Drops every ready item and timer (the loop closed). */
  void clear() {
    timers.clear();
    ready.clear();
  }

  // ---------------------------------------------------------------------------------------------
  // Timers

  /** A timer {@code delayNanos} from now; a deadline past the clock's range means "never". */
  TimerHandle scheduleTimer(long delayNanos, Runnable callback) {
    long now = clock.nanoTime();
    long deadline = now + delayNanos;
    if (deadline < now) {
      deadline = Long.MAX_VALUE - 1; // saturate: "never", but still cancellable
    }
    return scheduleTimerAt(deadline, callback);
  }

  TimerHandle scheduleTimerAt(long deadlineNanos, Runnable callback) {
    TimerHandle h = new TimerHandle(loop, callback, deadlineNanos, timerSeq++);
    timers.add(h);
    return h;
  }

  void removeTimer(TimerHandle h) {
    timers.remove(h);
  }

  // ---------------------------------------------------------------------------------------------
  // Virtual time

  void externalStarted() {
    pendingExternal++;
  }

  void externalFinished() {
    pendingExternal--;
  }
}
