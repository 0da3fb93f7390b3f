package dev.jasyncio;

/**
 * A task's next step in the ready queue, and its hold on its own thread. Each task owns one,
 * allocated with it and reused for every step (a task is in the ready queue at most once). On the
 * carrier backend it carries the virtual thread's continuation; on the portable backend the run
 * permit.
 *
 * <p>It is also its task's thread's uncaught-exception handler: the handler is a field of the
 * thread itself, so {@link Loop#context()} finds the task from {@code Thread.currentThread()}
 * without the {@code ThreadLocalMap} a {@code ThreadLocal} would allocate for every task, and
 * {@link #THREAD_BODY} finds the task to run the same way.
 *
 * <p>It holds the part of the task's accounting every task needs (state, steps, when it became
 * ready, its age and parent); the times of a task that suspends are in a {@link TaskStats}
 * allocated at its first suspension, or at its first wake when its first step ran for no time to
 * count (it suspended in the tick it started in, as a task that goes straight into a sleep or a
 * wait does): until then that suspension is {@link #readyAt}, {@link #firstWait} and the step's
 * delay, and a million parked tasks keep no TaskStats. Kept small on purpose: a
 * program that spawns 200 k tasks at once holds 200 k of these, and the collector copies every
 * byte (48 bytes with compressed references).
 */
final class TaskStep implements ReadyItem, Thread.UncaughtExceptionHandler {
  static final byte NEW = 0;
  static final byte READY = 1;
  static final byte RUNNING = 2;
  static final byte SUSPENDED = 3;
  static final byte DONE = 4;

  private static final WaitKind[] WAIT_KINDS = WaitKind.values();

  /** Age stamps are in units of 2^20 ns (about 1 ms) in an int: ages wrap after about 52 days. */
  private static final int AGE_SHIFT = 20;

  /** The task, or null for a carrier continuation the JDK scheduled that the engine could not name. */
  final Task<?> task;
  /** Carrier: the JDK's continuation of the task's virtual thread, run to mount it. */
  Runnable continuation;
  /** The times, once the task has suspended; null before (see {@link TaskStats}). */
  TaskStats stats;
  /** When it last became ready. */
  long readyAt;
  /** When it was created, in units of {@link #AGE_SHIFT}. */
  private final int createdAt = (int) (CoarseClock.now() >>> AGE_SHIFT);
  /**
   * Its id minus its parent's (the task of the same loop that created it), or 0 for none: ids
   * grow, so it fits unless the parent is more than 2^31 tasks older (then it reads as none).
   */
  private int parentDelta;
  /**
   * Steps started; while the first suspension has no TaskStats (see {@link #firstWait}) it is
   * known to be 1, and holds that first step's scheduling delay in ns instead.
   */
  private int steps;
  byte state;
  /**
   * While {@link #stats} is null and the task is suspended: the ordinal of the {@link WaitKind}
   * its first suspension waits on, which began at {@link #readyAt}. Set by
   * {@link #firstSuspended}.
   */
  byte firstWait;
  /** Portable: the run permit, handed to the task's thread by the driver. */
  volatile boolean permit;

  TaskStep(Task<?> task) {
    this.task = task;
  }

  TaskStep(Runnable continuation) {
    this.task = null;
    this.continuation = continuation;
  }

  /** The task was made ready: by a wake on the loop, or through the inbox from another thread. */
  void readied() {
    if (stats == null && state == SUSPENDED) {
      firstWoken(); // readyAt is about to move on: the first suspension gets its TaskStats now
    }
    readyAt = CoarseClock.now();
    state = READY;
  }

  /** Steps started so far. */
  int steps() {
    return stats == null && state == SUSPENDED ? 1 : steps;
  }

  /** A step starts. */
  void countStep() {
    steps++;
  }

  /**
   * The first step ended in a suspension at {@code now}, in the tick it started in, {@code delay}
   * after the task became ready: kept here, without TaskStats, until the task is woken.
   */
  void firstSuspended(long now, int delay, WaitKind kind) {
    readyAt = now;
    steps = delay;
    firstWait = (byte) kind.ordinal();
    state = SUSPENDED;
  }

  /** The first suspension ends: its TaskStats, as its start would have made them. */
  TaskStats firstWoken() {
    TaskStats s = new TaskStats(readyAt, steps);
    s.waitKind = WAIT_KINDS[firstWait];
    steps = 1;
    stats = s;
    return s;
  }


  void parent(Task<?> parent) {
    long d = parent == null ? 0 : task.id - parent.id;
    parentDelta = d > 0 && d <= Integer.MAX_VALUE ? (int) d : 0;
  }

  /** The id of the task that created this one, or 0. */
  long parentId() {
    return parentDelta == 0 ? 0 : task.id - parentDelta;
  }

  /** Time since the task was created, to about a millisecond. */
  long ageNanos(long now) {
    return (((int) (now >>> AGE_SHIFT) - createdAt) & 0xFFFF_FFFFL) << AGE_SHIFT;
  }

  /** What the current (or last) suspension waits on, or null. */
  WaitKind waitKind() {
    TaskStats s = stats;
    return s != null ? s.waitKind : state == SUSPENDED ? WAIT_KINDS[firstWait] : null;
  }

  /** Running time so far, counting the current step up to {@code now}. */
  long runningNanos(long now) {
    TaskStats s = stats;
    long n = s == null ? 0 : s.runningNanos;
    if (state == RUNNING) { // the current step: its start is the loop's until the first suspension
      n += Math.max(0, now - (s != null ? s.lastAt : loopStats().stepStartedAt()));
    }
    return n;
  }

  /** Ready time so far, counting the current wait for the loop up to {@code now}. */
  long readyNanos(long now) {
    TaskStats s = stats;
    long n = s != null ? s.readyNanos
        : state == RUNNING ? loopStats().stepDelay()
        : state == SUSPENDED ? steps // the first step's delay, see firstSuspended
        : 0;
    return n + (state == READY || state == NEW ? Math.max(0, now - readyAt) : 0);
  }

  /** Suspended time so far for {@code kind}, counting the current wait up to {@code now}. */
  long suspendedNanos(WaitKind kind, long now) {
    TaskStats s = stats;
    if (s == null) { // none yet, or the first suspension is on
      return state == SUSPENDED && kind == WAIT_KINDS[firstWait] ? Math.max(0, now - readyAt) : 0;
    }
    long n = s.suspendedNanos(kind);
    if (s.waitKind == kind && state == SUSPENDED) {
      n += Math.max(0, now - s.lastAt);
    } else if (s.waitKind == kind && state == READY) {
      n += Math.max(0, readyAt - s.lastAt);
    }
    return n;
  }

  /** How long the current suspension has lasted, or 0 if it is not suspended. */
  long waitingForNanos(long now) {
    TaskStats s = stats;
    return state == SUSPENDED ? Math.max(0, now - (s != null ? s.lastAt : readyAt)) : 0;
  }

  private LoopStats loopStats() {
    return task.loop.scheduler.stats;
  }

  /** Whether this is a task's first step: its body has not started, and it has no thread yet. */
  boolean isFirst() {
    return task != null && task.thread == null && !task.isDone();
  }

  /**
   * What every task thread runs: the body of the task the thread names (its uncaught-exception
   * handler, set before it starts), then the bodies of the tasks {@link Engine#nextOnThread}
   * hands it (carrier: tasks whose first step came next), one after another. One shared body, not
   * the task's step: the JDK keeps a thread's body for the thread's life, and a thread that goes
   * on to run other tasks must not keep its first task (and its result) alive.
   */
  static final Runnable THREAD_BODY = TaskStep::runThread;

  private static void runThread() {
    TaskStep s = (TaskStep) Thread.currentThread().getUncaughtExceptionHandler();
    do {
      s.task.runBody();
    } while ((s = s.task.loop.engine.nextOnThread(s)) != null);
  }

  /** The body catches everything; what escapes the loop's own bookkeeping goes where it would. */
  @Override
  public void uncaughtException(Thread t, Throwable e) {
    t.getThreadGroup().uncaughtException(t, e);
  }

  @Override
  public String toString() {
    return task != null ? "step of " + task : "step " + continuation;
  }
}
