package dev.jasyncio;

import dev.jasyncio.internal.IoHandler;
import java.io.IOException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The loop's scheduler: the ready queue, the timer heap, the inbox for work handed in from other
 * threads, the idle wait, and virtual time's autojump. One iteration ({@link #runOnce}) takes in
 * the inbox, waits if nothing is ready, moves due timers to the ready queue and runs one batch,
 * as asyncio's {@code _run_once} does. Everything but the inbox and {@link #wakeup} is touched
 * only on the loop.
 *
 * <p>I/O readiness belongs to the loop (uvloop's design): once a channel is registered, the idle
 * wait is the loop's own {@link Selector}'s {@code select(timeout)} with the timeout from the
 * timer heap, a busy iteration polls it without waiting, and other threads wake it with
 * {@code selector.wakeup()}. One poll serves every socket of the loop, on the driver thread.
 * Until then the driver simply parks.
 */
final class Scheduler {
  private final Loop loop;
  private final Clock clock;
  private final VirtualClock virtualClock;
  private final Engine engine;
  /** Slow-step warnings; null if the loop's watchdog is off. */
  private final LoopWatchdog watchdog;

  final ReadyQueue ready;
  /** Items of the current batch not yet run; the batch is the ready items when it began. */
  private int batchLeft;
  /** A callback of the batch a hand-off took and left to the driver, or null. */
  private ReadyItem handedBack;
  /** Always-on accounting of the loop and its tasks' steps. */
  final LoopStats stats;
  private final Deadlocks deadlocks;
  final TimerQueue timers = new TimerQueue();
  /** A sleep begun by the running step, not in the timer heap yet; see sleepStarting. */
  private SleepWaiter sleeping;
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
  /** Tasks waiting for the outside world through the selector (bytes, a peer). */
  int outsideWaits;

  /** The loop's selector, opened when the first channel registers. */
  private Selector selector;
  private final Consumer<SelectionKey> dispatch = this::dispatch;
  private boolean ioArrived;
  /** The I/O layer's per-loop state (shared buffers). */
  private Object ioState;

  Scheduler(Loop loop, Engine engine, ReadyQueue ready, LoopWatchdog watchdog) {
    this.loop = loop;
    this.clock = loop.clock;
    this.virtualClock = clock instanceof VirtualClock v ? v : null;
    this.engine = engine;
    this.ready = ready;
    this.watchdog = watchdog;
    this.stats = new LoopStats(engine instanceof CarrierEngine);
    this.deadlocks = new Deadlocks(loop, stats);
  }

  /** On the driver thread: runs iterations until {@code done} holds after one. */
  void runUntil(BooleanSupplier done) {
    thread = Thread.currentThread();
    Loop.driving(loop);
    if (watchdog != null) {
      watchdog.started();
    }
    boolean interrupted = false;
    stats.runStarted();
    try {
      while (!done.getAsBoolean()) {
        runOnce();
        interrupted |= Task.clearInterrupt();
      }
    } finally {
      stats.runEnded();
      if (watchdog != null) {
        watchdog.stopped();
      }
      Loop.driving(null);
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
    } else if (selector != null && !selector.keys().isEmpty()) {
      pollIo(0);
    }
    if (timers.nextDeadline() != Long.MAX_VALUE) { // no clock read without timers: a hot path
      long now = clock.nanoTime();
      while (timers.nextDeadline() <= now) {
        ready.add(timers.poll());
      }
    }
    batchLeft = ready.size();
    while (batchLeft > 0 || handedBack != null) {
      ReadyItem item = handedBack;
      if (item != null) {
        handedBack = null;
      } else {
        item = ready.poll(batchLeft--);
      }
      if (watchdog == null) {
        run(item);
      } else {
        watchdog.run(this, item);
      }
    }
  }

  void run(ReadyItem item) {
    switch (item) {
      case Handle h -> h.fire();
      case SleepWaiter w -> w.run();
      case TaskStep s -> {
        stats.stepStarting(s);
        engine.runStep(s);
        if (sleeping != null) {
          addSleep();
        }
        stats.stepEnded(stats.stepping()); // the last task of a hand-off chain, see handOn
      }
    }
  }

  /**
   * In the task that holds the loop, as its step ends (it parks or exits): ends the step and
   * starts the batch's next item if that is a task step, which the caller then hands the loop to
   * directly, as the driver would have; null, with the step left running, if the batch is over,
   * the next item is a callback (for the driver to run) or the step was slow (for the driver to
   * report). The order of steps is the batch's either way. With {@code firstOnly}, only a task's
   * first step is taken (a task with no thread yet): the carrier's thread reuse, see
   * {@link CarrierEngine#nextOnThread}.
   */
  TaskStep handOn(boolean firstOnly) {
    if (sleeping != null) {
      addSleep(); // the step that hands on parked in a sleep
    }
    if (batchLeft == 0 || (watchdog != null && !watchdog.endsQuietly())) {
      return null;
    }
    ReadyItem item = ready.poll(batchLeft--);
    if (!(item instanceof TaskStep next) || (firstOnly && !next.isFirst())) {
      handedBack = item;
      return null;
    }
    stats.stepEnded(stats.stepping());
    if (watchdog != null) {
      watchdog.end();
      watchdog.begin(next);
    }
    stats.stepStarting(next);
    return next;
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
    deadlocks.onIdle(next == Long.MAX_VALUE);
    long waitNanos;
    if (virtualClock == null) {
      waitNanos = next == Long.MAX_VALUE ? Long.MAX_VALUE : next - clock.nanoTime();
    } else if (!virtualClock.isAutojump() || next == Long.MAX_VALUE || pendingExternal > 0) {
      waitNanos = Long.MAX_VALUE; // time stands still; wait for the outside world
    } else if (loop.live.size - parkedInLibrary == 0 && outsideWaits == 0) {
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
    long idleStart = System.nanoTime();
    CoarseClock.loopIdle(); // an idle loop keeps no clock ticking
    try {
      if (!inbox.isEmpty() || wakeRequested) {
        return false;
      }
      if (selector != null) {
        return select(nanos);
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
      CoarseClock.loopBusy();
      stats.idleSince(idleStart);
    }
  }

  /** Waits in the selector; true if the full time passed with nothing arriving. */
  private boolean select(long nanos) {
    long start = System.nanoTime();
    long millis = nanos == Long.MAX_VALUE ? 0 : Math.max(1, (nanos + 999_999) / 1_000_000);
    boolean io = pollIo(millis);
    if (Thread.currentThread().isInterrupted()) {
      return false; // runUntil clears and restores the flag
    }
    return !io && inbox.isEmpty() && !wakeRequested && System.nanoTime() - start >= nanos;
  }

  /**
   * Polls the selector and runs the handlers of ready channels; {@code millis} 0 waits for
   * nothing unless {@code idle}. True if a channel was ready.
   */
  private boolean pollIo(long millis) {
    ioArrived = false;
    try {
      if (millis == 0 && !idle) {
        selector.selectNow(dispatch);
      } else if (millis == 0) {
        selector.select(dispatch);
      } else {
        selector.select(dispatch, millis);
      }
    } catch (IOException e) {
      loop.callExceptionHandler(new ExceptionContext("the loop's selector failed", e, null, null));
    }
    return ioArrived;
  }

  private void dispatch(SelectionKey key) {
    if (!key.isValid()) {
      return; // closed by a handler that ran before it in this poll
    }
    ioArrived = true;
    try {
      ((IoHandler) key.attachment()).onReady(key.readyOps());
    } catch (Throwable t) {
      loop.callExceptionHandler(new ExceptionContext("exception in I/O handler " + key.attachment(), t, null, null));
    }
  }

  /** Wakes the driver if it is waiting; thread-safe. */
  void wakeup() {
    wakeRequested = true;
    Thread t = thread;
    if (idle && t != null) {
      Selector sel = selector; // opened only on the loop, so fixed while the driver waits
      if (sel != null) {
        sel.wakeup();
      } else {
        LockSupport.unpark(t);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // I/O

  /** Registers {@code channel} with the loop's selector, non-blocking; loop-only. */
  SelectionKey register(SelectableChannel channel, int ops, IoHandler handler) throws IOException {
    if (selector == null) {
      selector = Selector.open();
    }
    channel.configureBlocking(false);
    return channel.register(selector, ops, handler);
  }

  @SuppressWarnings("unchecked")
  <T> T ioState(Supplier<T> create) {
    if (ioState == null) {
      ioState = create.get();
    }
    return (T) ioState;
  }

  // ---------------------------------------------------------------------------------------------
  // Ready work

  /** Adds a ready item: directly on the loop, through the inbox from elsewhere. */
  void enqueue(ReadyItem item) {
    if (loop.isOnLoop()) {
      if (item instanceof TaskStep s) {
        s.readied();
      }
      ready.add(item);
    } else {
      enqueueFromAnyThread(item);
    }
  }

  void enqueueFromAnyThread(ReadyItem item) {
    enqueueQuietly(item);
    wakeup();
  }

  /** Hands {@code item} in from another thread without waking the loop: a {@link #wakeup} follows. */
  void enqueueQuietly(ReadyItem item) {
    if (item instanceof TaskStep s) {
      s.readied();
    }
    inbox.add(item);
  }

  /** Takes one item handed in from another thread and not yet run, or null. */
  ReadyItem pollInbox() {
    return inbox.poll();
  }

  /** Whether anything is ready or handed in. */
  boolean hasReadyWork() {
    return !ready.isEmpty() || !inbox.isEmpty();
  }

  /** Drops every ready item and timer, and closes the channels left registered (the loop closed). */
  void clear() {
    timers.clear();
    ready.clear();
    handedBack = null;
    Selector sel = selector;
    if (sel != null) {
      for (SelectionKey k : sel.keys()) {
        closeQuietly(k.channel()); // nobody can use them once the loop is closed
      }
      closeQuietly(sel);
    }
  }

  private static void closeQuietly(java.io.Closeable c) {
    try {
      c.close();
    } catch (IOException ignored) {
      // closing for good: nobody is left to tell
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Timers

  /** A timer {@code delayNanos} from now; a deadline past the clock's range means "never". */
  TimerHandle scheduleTimer(long delayNanos, Runnable callback) {
    return scheduleTimerAt(deadlineAfter(delayNanos), callback);
  }

  TimerHandle scheduleTimerAt(long deadlineNanos, Runnable callback) {
    TimerHandle h = new TimerHandle(loop, callback, deadlineNanos);
    timers.add(h);
    return h;
  }

  private long deadlineAfter(long delayNanos) {
    long now = clock.nanoTime();
    long deadline = now + delayNanos;
    return deadline < now ? Long.MAX_VALUE - 1 : deadline; // saturate: "never", still cancellable
  }

  /**
   * On the running task: it is about to sleep for {@code delayNanos}. The deadline is taken now;
   * the sleep goes into the timer heap once the task has parked ({@link #addSleep}): after
   * {@code runStep} on the carrier, in {@link #handOn} on portable (whose parking task hands the
   * loop on itself). So the heap's code is not part of the sleeping task's frames: each sleeping
   * task keeps its frames in a stack chunk, and inlined there the heap's insertion widens them.
   */
  SleepWaiter sleepStarting(Task<?> task, long delayNanos) {
    SleepWaiter w = new SleepWaiter(task, deadlineAfter(delayNanos));
    sleeping = w;
    return w;
  }

  /** The step that began a sleep has ended (the task parked): the sleep joins the timers. */
  private void addSleep() {
    SleepWaiter w = sleeping;
    sleeping = null;
    timers.add(w);
  }

  /** On the task: its sleep on {@code w} ended unwoken (cancelled, or it never parked). */
  void sleepEnded(SleepWaiter w) {
    if (sleeping == w) {
      sleeping = null; // it never parked: it never joined the timers
    } else {
      timers.remove(w);
    }
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
