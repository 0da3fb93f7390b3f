package dev.jasyncio;

import java.util.ArrayList;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * A body running concurrently on a loop: asyncio's {@code Task}. Each task is a virtual thread that
 * the loop runs one step at a time; it is a {@link Promise} of its body's result. (On the carrier
 * backend a thread whose task has ended may go on to run a task whose first step comes next, if
 * it holds no thread-local values and no name: never two tasks at once.)
 *
 * <pre>{@code
 * Task<String> t = Async.createTask(() -> fetch(url), "fetch");
 * doSomethingElse();
 * String page = t.await();
 * }</pre>
 *
 * <h2>Cancellation</h2>
 * {@link #cancel()} requests cancellation; the task sees a {@link CancelledException} at its next
 * suspension point (on the carrier backend also inside a JDK blocking call, by interrupt), and
 * its {@code finally} blocks run. The request stands: every later suspension point throws again
 * until the task calls {@link #uncancel()} as often as it was cancelled ({@link #cancelling()}).
 * A task cancelled before it starts never runs its body.
 *
 * <p>A task's thread belongs to its loop: its uncaught-exception handler is how the thread names
 * its task, so a body must not replace it ({@code Thread.setUncaughtExceptionHandler}); a body's
 * exceptions reach the task's awaiters anyway.
 *
 * @param <T> the result type
 */
public final class Task<T> extends Promise<T> {
  /**
   * What it runs: a {@code Callable<T>}, or for a body that returns nothing a
   * {@link ThrowingRunnable} (see {@link #voidBody}), held as given so a task of the common kind
   * allocates no adapter. Null once the body has ended, so a done task keeps nothing it captured
   * alive.
   */
  Object body;
  final long id;
  private String name;
  /** Its thread, created at its first step; null before and once its body has ended. */
  Thread thread;

  // Cancellation; loop-only.
  private int cancelRequests;
  /**
   * The loop-only yes-or-no states below, one bit each: five booleans would make every task 8
   * bytes larger (96 instead of 88 with compressed references), and a spawn allocates it per task.
   */
  private byte flags;
  /** Its body has started and not ended. */
  private static final int BODY_STARTED = 1;
  /** A request of {@link #cancel} that no suspension point has thrown yet (asyncio's must_cancel). */
  private static final int CANCEL_UNDELIVERED = 1 << 1;
  /** A suspension point has thrown a cancellation into the body: it may be unwinding now. */
  private static final int CANCEL_THROWN = 1 << 2;
  /** The current wait ({@link #waiting}) ends with a pending cancellation. */
  private static final int WAITING_CANCELLABLE = 1 << 3;
  /** A wake of the current wait is scheduled ({@link #resume}). */
  private static final int WAKE_PENDING = 1 << 4;
  /**
   * The loop interrupted this task's thread to deliver a cancellation: only then is an
   * interruption exception the task's cancellation (an I/O timeout is one too, and is a failure).
   */
  private volatile boolean interruptDelivered;

  // Suspension; loop-only.
  Suspension waiting;
  /** Zero sleeps and yields in a row, for the watchdog's busy-wake warning; loop-only. */
  int selfWakes;
  /** In a blocking section: the thread runs without holding the loop. */
  volatile boolean offLoop;

  // Backend and bookkeeping.
  /** This task's entry in the ready queue, reused for every step. */
  TaskStep step;
  /** Its slot in the loop's {@link LiveTasks}, or -1. */
  int liveSlot = -1;
  /** The parts few tasks set (a cancel message, hooks, ...); null until one is. */
  private TaskExtras extras;
  /** Context-variable values this task sees; copied from the task that created it. */
  Object contextValues;
  /** The innermost {@link CancelScope} the task is inside (scopes link outward); loop-only. */
  CancelScope scope;

  Task(Loop loop, Object body, long id, String name) {
    super(loop);
    this.body = body;
    this.id = id;
    this.name = name;
  }

  /** The task whose thread is calling, if it holds its loop; else null. */
  static Task<?> current() {
    return Loop.context() instanceof Task<?> t && !t.offLoop ? t : null;
  }

  /** The calling task, or a clear error saying why there is none. */
  static Task<?> requireCurrent(String what) {
    Object c = Loop.context();
    if (c instanceof Task<?> t) {
      if (t.offLoop) {
        throw new IllegalStateException(what + " inside Async.blocking: a blocking section runs"
            + " without the loop and cannot suspend on it");
      }
      return t;
    }
    if (c instanceof Loop) {
      throw new IllegalStateException(what + " must be called from a task, not from a callback:"
          + " callbacks run on the loop and cannot suspend");
    }
    throw new NoRunningLoopException(what + " needs a running loop, and thread '"
        + Thread.currentThread().getName() + "' has none: start one with Async.run(...),"
        + " or from outside a loop use task.toCompletableFuture()");
  }

  /** Its extras, allocated now if none was set yet. Loop-only. */
  private TaskExtras extras() {
    TaskExtras e = extras;
    return e != null ? e : (extras = new TaskExtras());
  }

  private boolean has(int flag) {
    return (flags & flag) != 0;
  }

  private void flag(int flag, boolean on) {
    flags = (byte) (on ? flags | flag : flags & ~flag);
  }

  /** The message of the latest cancellation request, or null. */
  private String requestedCancelMessage() {
    TaskExtras e = extras;
    return e != null ? e.cancelMessage : null;
  }

  /** Where it was created (debug mode), or null. */
  StackTraceElement[] createdAt() {
    TaskExtras e = extras;
    return e != null ? e.createdAt : null;
  }

  void createdAt(StackTraceElement[] stack) {
    extras().createdAt = stack;
  }

  /**
   * At creation: its thread is to run with {@code creators} as context class loader, as if its
   * creator had made it. Only a loader other than the loop's usual one takes room.
   */
  void contextLoader(ClassLoader creators) {
    if (creators != loop.usualLoader) {
      TaskExtras e = extras();
      e.contextLoader = creators;
      e.ownLoader = true;
    }
  }

  /** The context class loader for its thread. */
  ClassLoader contextLoader() {
    TaskExtras e = extras;
    return e != null && e.ownLoader ? e.contextLoader : loop.usualLoader;
  }

  void inheritFrom(Task<?> parent) {
    if (parent != null) {
      contextValues = parent.contextValues;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Running

  /** The virtual thread's body. */
  void runBody() {
    loop.engine.begin(this);
    try {
      T result;
      try {
        CancelledException early = pendingCancellation();
        if (early != null) {
          throw early; // cancelled before it started: the body never runs
        }
        flag(BODY_STARTED, true);
        result = callBody();
      } finally {
        body = null;
        runExitHooks();
        flag(BODY_STARTED, false);
        clearInterrupt(); // an interrupt that arrived late must not outlive the body
      }
      if (has(CANCEL_UNDELIVERED) && cancelRequests > 0) {
        // asyncio (test_cancel_at_end): a request no suspension point saw still cancels
        complete(CANCELLED, new CancelledException(requestedCancelMessage()));
      } else {
        complete(RESULT, result);
      }
    } catch (CancelledException c) {
      complete(CANCELLED, c);
    } catch (Throwable t) {
      if (isCancellation(t)) {
        // interruption of a task is its cancellation (ARCHITECTURE §1.7)
        complete(CANCELLED, new CancelledException(requestedCancelMessage(), t));
      } else {
        complete(FAILED, t);
      }
    } finally {
      loop.taskDone(this);
      thread.setUncaughtExceptionHandler(null); // the thread no longer names this task
      thread = null; // a done task keeps no thread alive: callers hold many done tasks
      loop.engine.exit(this);
    }
  }

  @SuppressWarnings("unchecked")
  private T callBody() throws Exception {
    if (body instanceof Callable<?> c) {
      return (T) c.call();
    }
    ((ThrowingRunnable) body).run();
    return null;
  }

  /**
   * A body that returns nothing, as {@link #body} holds it: itself, unless it is a
   * {@code Callable} too, which {@link #callBody} would call instead of running.
   */
  static Object voidBody(ThrowingRunnable r) {
    Objects.requireNonNull(r, "body");
    return r instanceof Callable<?> ? Async.callable(r) : r;
  }

  /** Whether the body has started and not ended. Loop-only. */
  boolean hasStarted() {
    return has(BODY_STARTED);
  }

  /** Runs {@code hook} in this task's thread when its body ends, before the task completes. */
  void atExit(Runnable hook) {
    TaskExtras e = extras();
    if (e.exitHooks == null) {
      e.exitHooks = new ArrayList<>(2);
    }
    e.exitHooks.add(hook);
  }

  void removeAtExit(Runnable hook) {
    if (extras != null && extras.exitHooks != null) {
      extras.exitHooks.remove(hook);
    }
  }

  /** Closes what the body left open (streams it consumed), newest first. */
  private void runExitHooks() {
    ArrayList<Runnable> hooks = extras != null ? extras.exitHooks : null;
    while (hooks != null && !hooks.isEmpty()) {
      hooks.remove(hooks.size() - 1).run();
    }
  }

  /**
   * Suspends this task (the caller) until {@code w} is woken. Throws at once, without waiting, if
   * a cancellation is pending; a cancellation that comes while it waits, also after the wake and
   * before the task resumed, makes it throw (see {@link Waiter#handBack()} for what is handed back).
   */
  void suspend(Suspension w) {
    suspend(w, true, true);
  }

  /**
   * Like {@link #suspend(Suspension)} for the library's own waits that expect to meet a cancellation
   * while the task unwinds (a task group waiting for its children): no debug report for them.
   */
  void suspendExpectingCancellation(Suspension w) {
    suspend(w, true, false);
  }

  /**
   * Suspends this task until {@code w} is woken, whatever cancellation is pending: for the few
   * waits that must finish before a cancellation may surface (a condition re-taking its lock, a
   * stream awaiting its producer's {@code finally}). The cancellation stays pending.
   */
  void suspendUncancellable(Suspension w) {
    suspend(w, false, false);
  }

  private void suspend(Suspension w, boolean cancellable, boolean reportUnwinding) {
    selfWakes = 0; // a real wait: not busy-waking
    if (clearInterrupt()) {
      onInterrupt();
    }
    CancelledException c = cancellable ? pendingCancellation() : null;
    if (c != null) {
      w.cancel();
      if (has(CANCEL_THROWN) && reportUnwinding && loop.debug) {
        UnwindingReport.suspendedWhileUnwinding(this);
      }
      flag(CANCEL_THROWN, true);
      throw c;
    }
    waiting = w;
    flag(WAITING_CANCELLABLE, cancellable);
    loop.scheduler.parkedInLibrary++;
    try {
      awaitWoken();
    } finally {
      waiting = null;
      loop.scheduler.parkedInLibrary--;
    }
  }

  /**
   * The parking half of {@link #suspend(Suspension, boolean, boolean)}: parks until {@link #waiting}
   * is woken, reading the wait from fields, not locals. Nothing of the caller's needs to live
   * across the park, so the frames a parked task keeps (and copies at every suspension) stay
   * small: a million parked tasks are a million stack chunks.
   */
  private void awaitWoken() {
    while (true) {
      loop.engine.park(this);
      if (has(WAKE_PENDING)) {
        flag(WAKE_PENDING, false);
        loop.scheduler.parkedInLibrary++;
      }
      if (clearInterrupt()) {
        onInterrupt();
      }
      Suspension w = waiting;
      int s = w.state;
      CancelledException c;
      if (s == Suspension.WAITING) {
        c = has(WAITING_CANCELLABLE) ? pendingCancellation() : null;
        if (c != null) {
          w.cancel();
          flag(CANCEL_THROWN, true);
          throw c;
        }
        continue; // not for us: park again
      }
      if (!has(WAITING_CANCELLABLE)) {
        return;
      }
      c = pendingCancellation();
      if (s == Suspension.WOKEN) {
        if (c == null || !w.handBack()) {
          return; // no cancellation, or what was handed over cannot be undone
        }
        flag(CANCEL_THROWN, true);
        throw c; // asyncio: cancelled after the wake, the wait raises; the hand-back is done
      }
      // CANCELLED: the cancellation took the waiter out; as in asyncio it ends the wait even
      // if it was withdrawn since
      flag(CANCEL_THROWN, true);
      throw c != null ? c : new CancelledException(requestedCancelMessage());
    }
  }

  /** Schedules this task's next step if it is parked in a library wait. Loop-only. */
  void resume() {
    if (waiting == null || has(WAKE_PENDING)) {
      return;
    }
    flag(WAKE_PENDING, true);
    loop.scheduler.parkedInLibrary--;
    loop.engine.unpark(this);
  }

  /** A suspension point that waits for nothing: the other ready tasks run first. */
  void yieldNow() {
    checkpoint();
    loop.engine.yieldNow(this);
    int n = ++selfWakes;
    if ((n == 0 || n == LoopWatchdog.BUSY_CHECK_FROM) && loop.watchdog != null) {
      loop.watchdog.selfWakes(this);
    }
    if (clearInterrupt()) {
      onInterrupt();
    }
    checkpoint();
  }

  /** Throws if a cancellation is pending. */
  void checkpoint() {
    if (clearInterrupt()) {
      onInterrupt();
    }
    CancelledException c = pendingCancellation();
    if (c != null) {
      if (has(CANCEL_THROWN) && loop.debug) {
        UnwindingReport.suspendedWhileUnwinding(this);
      }
      flag(CANCEL_THROWN, true);
      throw c;
    }
  }

  void sleepNanos(long nanos) {
    SleepWaiter w = loop.scheduler.sleepStarting(this, nanos);
    try {
      suspend(w);
    } finally {
      if (w.state != Suspension.WOKEN) {
        loop.scheduler.sleepEnded(w);
      }
    }
  }

  /**
   * Clears the calling thread's interrupt flag; true if it was set. Reads the flag first: clearing
   * takes a lock on a virtual thread, and the flag is almost never set.
   */
  static boolean clearInterrupt() {
    return Thread.currentThread().isInterrupted() && Thread.interrupted();
  }

  /**
   * The cancellation this task must see at a suspension point now, or null. A scope deadline that
   * has passed counts even if its timer has not fired yet (Trio: every checkpoint sees it).
   */
  CancelledException pendingCancellation() {
    if (scope != null) {
      CancelScope.expireDue(scope);
    }
    Object origin = cancelOrigin();
    if (origin == null) {
      return null;
    }
    if (origin == this) {
      flag(CANCEL_UNDELIVERED, false);
      return new CancelledException(requestedCancelMessage());
    }
    return ((CancelScope) origin).cancellation();
  }

  /**
   * Whether {@code t}, thrown in this task, is its cancellation: a {@link CancelledException}, or
   * an interruption exception after the loop interrupted the thread to deliver one. Any other
   * {@link java.io.InterruptedIOException} (a socket timeout) is a failure.
   */
  boolean isCancellation(Throwable t) {
    return t instanceof CancelledException || (interruptDelivered && Exceptions.isInterruption(t));
  }

  /** On the task's thread: a delivery by interrupt is used up; it must not outlive its scope. */
  void dropDelivery() {
    interruptDelivered = false;
    clearInterrupt();
  }

  /**
   * On the task's thread, as a cancelled scope ends without its cancellation: the interrupt that
   * delivered it may have come as the blocking call it was for returned anyway. With nothing else
   * pending it is used up too; left set, the next suspension point would take it for an
   * interrupt from outside and cancel the task.
   */
  void dropUnusedDelivery() {
    if (interruptDelivered && cancelOrigin() == null) {
      dropDelivery();
    }
  }

  /**
   * Who a cancellation pending now is attributed to: the outermost cancelled scope that no
   * shielded scope hides, this task (its own cancel requests, outside every scope), or null.
   * The outermost wins: its exception passes the inner scopes and only it catches it.
   */
  Object cancelOrigin() {
    Object origin = null;
    for (CancelScope s = scope; s != null; s = s.parent) {
      if (s.cancelCalled) {
        origin = s;
      }
      if (s.shield) {
        return origin; // a shield stops outer scopes and the task's own requests
      }
    }
    return cancelRequests > 0 ? this : origin;
  }

  /**
   * Makes a cancellation that now applies reach the task: wakes it if it waits in a library
   * wait, interrupts it if it is blocked in a JDK call. Loop-only; the one delivery path.
   */
  void deliverCancellation() {
    if (cancelOrigin() == null) {
      return; // shielded: delivered when the shield ends, at the next suspension point
    }
    if (waiting != null) {
      if (has(WAITING_CANCELLABLE) && waiting.isWaiting()) {
        waiting.cancel(); // out of the queue now: a release in this same turn skips it
      }
      resume();
    } else if (has(BODY_STARTED) && Thread.currentThread() != thread) {
      interruptDelivered = true; // before the interrupt, which publishes it to the thread
      thread.interrupt(); // blocked in a JDK call or a blocking section: wake it
    }
  }

  void onInterrupt() {
    if (cancelRequests == 0 && cancelOrigin() == null) {
      cancelRequests = 1;
      extras().cancelMessage = "interrupted";
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Public API

  /**
   * Requests cancellation (see the class comment). May be called from any thread: off the loop,
   * the request is delivered through the loop.
   *
   * @param message the message the {@link CancelledException} carries, or {@code null}
   * @return false if the task is already done; true otherwise
   */
  @Override
  public boolean cancel(String message) {
    if (isDone()) {
      return false;
    }
    if (EventRelay.mayRecord()) {
      CancelRequestEvent.emit(this, message);
    }
    if (!loop.mayTouch()) { // a foreign thread: through the inbox, whatever the loop's state
      // false if closed: the loop's shutdown has ended the task already
      return loop.postFromAnyThread(() -> requestCancel(message));
    }
    requestCancel(message);
    return true;
  }

  private void requestCancel(String message) {
    if (isDone()) {
      return;
    }
    cancelRequests++;
    if (message != null || extras != null) { // a null message over no extras is already null
      extras().cancelMessage = message;
    }
    flag(CANCEL_UNDELIVERED, true);
    deliverCancellation();
  }

  /**
   * How many cancellation requests are pending; asyncio's {@code cancelling()}.
   *
   * @return the count
   */
  public int cancelling() {
    return cancelRequests;
  }

  /**
   * Withdraws one cancellation request; asyncio's {@code uncancel()}. When the count reaches zero
   * the task's suspension points stop throwing.
   *
   * @return the remaining count
   */
  public int uncancel() {
    if (cancelRequests > 0) {
      cancelRequests--;
    }
    if (cancelRequests == 0) {
      flag(CANCEL_UNDELIVERED, false);
      if (Thread.currentThread() == thread && cancelOrigin() == null) {
        dropDelivery(); // the delivery of a withdrawn request must not linger
      }
    }
    return cancelRequests;
  }

  /**
   * Tasks take their result from their body; this always throws.
   *
   * @throws UnsupportedOperationException always
   */
  @Override
  public void setResult(T result) {
    throw new UnsupportedOperationException("a Task's result comes from its body; use a Promise");
  }

  /**
   * Tasks take their failure from their body; this always throws.
   *
   * @throws UnsupportedOperationException always
   */
  @Override
  public void setException(Throwable exception) {
    throw new UnsupportedOperationException("a Task's failure comes from its body; use a Promise");
  }

  /** The task's number in its loop (the N of {@code Task-N}). */
  long id() {
    return id;
  }

  /**
   * The task's name; {@code Task-N} unless set.
   *
   * @return the name
   */
  public String getName() {
    String n = name;
    return n != null ? n : "Task-" + id;
  }

  /**
   * Renames the task.
   *
   * @param name the new name
   */
  public void setName(String name) {
    this.name = Objects.requireNonNull(name, "name");
  }

  /**
   * The stack where the task was created, kept in debug mode only.
   *
   * @return the creation stack, or an empty array
   */
  public StackTraceElement[] creationStack() {
    StackTraceElement[] st = createdAt();
    return st == null ? new StackTraceElement[0] : st.clone();
  }

  /**
   * The task's current stack (for monitors and debugging): where it is suspended, or running.
   *
   * @return the stack, empty if the task is done or not started
   */
  public StackTraceElement[] stack() {
    Thread t = thread;
    return t == null ? new StackTraceElement[0] : t.getStackTrace();
  }

  @Override
  public String toString() {
    String s = stateName();
    if (!isDone() && cancelRequests > 0) {
      s += ", cancelling";
    }
    return "Task[" + getName() + ", " + s + "]";
  }
}
