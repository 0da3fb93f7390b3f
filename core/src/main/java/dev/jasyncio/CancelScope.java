package dev.jasyncio;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * A region of a task's code that can be cancelled as a unit: Trio's cancel scope. A scope has an
 * optional deadline, can be {@link #cancel() cancelled}, and can {@link #setShield(boolean)
 * shield} its code from cancellations outside it. {@link Async#timeout} is a scope with a
 * deadline.
 *
 * <pre>{@code
 * CancelScope scope = CancelScope.moveOnAfter(Duration.ofSeconds(5), () -> {
 *   download(url); // cancelled if it takes longer than 5 s
 * });
 * if (scope.cancelledCaught()) {
 *   System.out.println("gave up");
 * }
 * }</pre>
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li><b>Level-triggered.</b> Once a scope is cancelled, every suspension point inside it
 *       throws {@link CancelledException}, again and again, until the code leaves the scope; a
 *       {@code catch} that swallows one cancellation gets the next at its next suspension point.
 *   <li><b>The scope that cancelled catches.</b> When the exception reaches the end of the scope
 *       that caused it, the scope swallows it, {@link #run} returns {@code null} and
 *       {@link #cancelledCaught()} is true. Every other scope lets it pass. If several enclosing
 *       scopes are cancelled, the outermost one is the cause (its exception passes the inner
 *       ones); a cancellation of the task itself ({@link Task#cancel()}) is outside every scope
 *       and is never caught by one.
 *   <li><b>Shield.</b> Inside a shielded scope, cancellations of the enclosing scopes and of the
 *       task do not apply (they apply again when the code leaves it); the shielded scope's own
 *       cancellation and deadline still do.
 *   <li><b>Deadlines</b> are points of the loop's {@link Loop#time() time}; when one passes, the
 *       scope is cancelled. It can be moved while the scope runs; a deadline already past
 *       cancels the scope at once.
 * </ul>
 * A scope is entered once, by the task that calls {@link #run}; its methods are called on the
 * loop (from its tasks and callbacks).
 */
public final class CancelScope {
  /**
   * A body that receives its scope, so that it can move the deadline or cancel it.
   *
   * @param <T> the result type
   */
  @FunctionalInterface
  public interface Body<T> {
    /**
     * Runs the body.
     *
     * @param scope the scope the body runs in
     * @return the result
     * @throws Exception whatever the body throws
     */
    T run(CancelScope scope) throws Exception;
  }

  private static final int NEW = 0;
  private static final int ACTIVE = 1;
  private static final int EXITED = 2;

  private int state = NEW;
  private Loop loop;
  private Task<?> task;
  /** The enclosing scope of the same task while this one is active. */
  CancelScope parent;
  boolean cancelCalled;
  boolean shield;
  private boolean expired;
  private boolean cancelledCaught;
  private String message;
  private long deadline = Long.MAX_VALUE;
  private TimerHandle timer;
  private CancelledException caught;

  /** A scope without a deadline, not cancelled, not shielded. */
  public CancelScope() {}

  /**
   * A shielded scope without a deadline: code run in it finishes even if the task or an
   * enclosing scope is cancelled meanwhile (the cancellation applies again after it). For
   * cleanup that must complete:
   *
   * <pre>{@code
   * finally {
   *   CancelScope.shielded().run(() -> connection.close());
   * }
   * }</pre>
   *
   * @return a new shielded scope
   */
  public static CancelScope shielded() {
    CancelScope s = new CancelScope();
    s.shield = true;
    return s;
  }

  /**
   * A scope whose deadline is {@code timeout} from now on the running loop's clock.
   *
   * @param timeout how long, not negative
   * @return a new scope
   * @throws IllegalArgumentException if the timeout is negative
   * @throws NoRunningLoopException outside a loop
   */
  public static CancelScope after(Duration timeout) {
    CancelScope s = new CancelScope();
    s.loop = Async.currentLoop();
    s.deadline = deadlineAfter(s.loop, timeout);
    return s;
  }

  /**
   * A scope with a deadline in the loop's {@link Loop#time() time}, in seconds.
   *
   * @param deadline when; {@link Double#POSITIVE_INFINITY} for none; a past time is allowed
   * @return a new scope
   * @throws IllegalArgumentException if the deadline is NaN
   */
  public static CancelScope at(double deadline) {
    CancelScope s = new CancelScope();
    s.deadline = Nanos.fromSeconds(deadline, "deadline");
    return s;
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  /**
   * The deadline that applies to the calling task now: the earliest deadline of the scopes it is
   * in, up to the innermost shield; Trio's {@code current_effective_deadline}. Useful to skip work
   * that cannot finish in time.
   *
   * @return loop time in seconds; {@link Double#POSITIVE_INFINITY} if no deadline applies,
   *     {@link Double#NEGATIVE_INFINITY} if a cancellation already applies
   * @throws NoRunningLoopException outside a task
   */
  public static double currentEffectiveDeadline() {
    Task<?> me = Task.requireCurrent("CancelScope.currentEffectiveDeadline");
    if (me.cancelOrigin() != null) {
      return Double.NEGATIVE_INFINITY;
    }
    long earliest = Long.MAX_VALUE;
    for (CancelScope s = me.scope; s != null; s = s.parent) {
      earliest = Math.min(earliest, s.deadline);
      if (s.shield) {
        break;
      }
    }
    return Nanos.toSeconds(earliest);
  }


  /**
   * A scope whose deadline is {@code timeout} seconds from now on the running loop's clock.
   *
   * @param timeout how long, in seconds, not negative
   * @return a new scope
   */
  public static CancelScope after(double timeout) {
    return after(Async.seconds(timeout, "timeout"));
  }

  /**
   * Runs {@code body} in a scope that is cancelled after {@code timeout}; Trio's
   * {@code move_on_after}. A timeout ends the body and this returns normally; check
   * {@link #cancelledCaught()} on the returned scope.
   *
   * @param timeout how long, not negative
   * @param body the body
   * @return the scope, after the body ended
   */
  public static CancelScope moveOnAfter(Duration timeout, ThrowingRunnable body) {
    CancelScope s = after(timeout);
    s.run(body);
    return s;
  }

  /**
   * {@link #moveOnAfter(Duration, ThrowingRunnable)} with the timeout in seconds.
   *
   * @param timeout how long, in seconds, not negative
   * @param body the body
   * @return the scope, after the body ended
   */
  public static CancelScope moveOnAfter(double timeout, ThrowingRunnable body) {
    return moveOnAfter(Async.seconds(timeout, "timeout"), body);
  }

  /**
   * Runs {@code body} in a scope that is cancelled after {@code timeout} and returns its value,
   * or {@code null} if the timeout ended it; kotlinx's {@code withTimeoutOrNull}. A name of its
   * own, since {@link #moveOnAfter(Duration, ThrowingRunnable)} returns the scope and a lambda that
   * always throws would fit both.
   *
   * @param timeout how long, not negative
   * @param body the body
   * @param <T> the result type
   * @return the body's value, or {@code null} on timeout
   */
  public static <T> T moveOnAfterOrNull(Duration timeout, Callable<T> body) {
    return after(timeout).run(body);
  }

  /**
   * {@link #moveOnAfterOrNull(Duration, Callable)} with the timeout in seconds.
   *
   * @param timeout how long, in seconds, not negative
   * @param body the body
   * @param <T> the result type
   * @return the body's value, or {@code null} on timeout
   */
  public static <T> T moveOnAfterOrNull(double timeout, Callable<T> body) {
    return moveOnAfterOrNull(Async.seconds(timeout, "timeout"), body);
  }

  /**
   * Runs {@code body} in a scope cancelled at {@code deadline}; Trio's {@code move_on_at}.
   *
   * @param deadline the loop time, in seconds
   * @param body the body
   * @return the scope, after the body ended
   */
  public static CancelScope moveOnAt(double deadline, ThrowingRunnable body) {
    CancelScope s = at(deadline);
    s.run(body);
    return s;
  }

  /**
   * Runs {@code body} in a scope cancelled at {@code deadline} and returns its value, or
   * {@code null} if the deadline ended it.
   *
   * @param deadline the loop time, in seconds
   * @param body the body
   * @param <T> the result type
   * @return the body's value, or {@code null} if the deadline passed
   */
  public static <T> T moveOnAtOrNull(double deadline, Callable<T> body) {
    return at(deadline).run(body);
  }

  /**
   * Runs {@code body} in a scope that is cancelled after {@code timeout}, and throws
   * {@link TimeoutException} if the scope caught its cancellation; Trio's {@code fail_after},
   * asyncio's {@code async with timeout(t)}. If the body swallowed the cancellation and returned,
   * its result is returned.
   *
   * @param timeout how long, not negative
   * @param body the body
   * @param <T> the result type
   * @return the body's result
   * @throws TimeoutException if the deadline passed (or the scope was cancelled) and ended the body
   */
  public static <T> T failAfter(Duration timeout, Callable<T> body) {
    Objects.requireNonNull(body, "body");
    return after(timeout).runOrFail(s -> body.call(), timeout);
  }

  /**
   * {@link #failAfter(Duration, Callable)} with the timeout in seconds.
   *
   * @param timeout how long, in seconds, not negative
   * @param body the body
   * @param <T> the result type
   * @return the body's result
   */
  public static <T> T failAfter(double timeout, Callable<T> body) {
    return failAfter(Async.seconds(timeout, "timeout"), body);
  }

  /**
   * {@link #failAfter(Duration, Callable)} for a body that returns nothing.
   *
   * @param timeout how long, not negative
   * @param body the body
   */
  public static void failAfter(Duration timeout, ThrowingRunnable body) {
    failAfter(timeout, Async.callable(body));
  }

  /**
   * {@link #failAfter(Duration, Callable)} in seconds, for a body that returns nothing.
   *
   * @param timeout how long, in seconds, not negative
   * @param body the body
   */
  public static void failAfter(double timeout, ThrowingRunnable body) {
    failAfter(Async.seconds(timeout, "timeout"), Async.callable(body));
  }

  /**
   * Like {@link #failAfter(Duration, Callable)}; the body gets the scope, to move its deadline.
   *
   * @param timeout how long, not negative
   * @param body the body
   * @param <T> the result type
   * @return the body's result
   */
  public static <T> T failAfter(Duration timeout, Body<T> body) {
    return after(timeout).runOrFail(body, timeout);
  }

  /**
   * {@link #failAfter(Duration, Body)} with the timeout in seconds.
   *
   * @param timeout how long, in seconds, not negative
   * @param body the body
   * @param <T> the result type
   * @return the body's result
   */
  public static <T> T failAfter(double timeout, Body<T> body) {
    return failAfter(Async.seconds(timeout, "timeout"), body);
  }

  /**
   * Like {@link #failAfter(Duration, Callable)} with a deadline in loop time; asyncio's
   * {@code timeout_at}.
   *
   * @param deadline the loop time, in seconds; {@link Double#POSITIVE_INFINITY} for none
   * @param body the body
   * @param <T> the result type
   * @return the body's result
   */
  public static <T> T failAt(double deadline, Callable<T> body) {
    Objects.requireNonNull(body, "body");
    return failAt(deadline, s -> body.call());
  }

  /**
   * {@link #failAt(double, Callable)} for a body that returns nothing.
   *
   * @param deadline the loop time, in seconds; {@link Double#POSITIVE_INFINITY} for none
   * @param body the body
   */
  public static void failAt(double deadline, ThrowingRunnable body) {
    failAt(deadline, Async.callable(body));
  }

  /**
   * Like {@link #failAfter(Duration, Body)} with a deadline in loop time; asyncio's
   * {@code timeout_at}.
   *
   * @param deadline the loop time, in seconds; {@link Double#POSITIVE_INFINITY} for none
   * @param body the body, which gets the scope to move its deadline
   * @param <T> the result type
   * @return the body's result
   */
  public static <T> T failAt(double deadline, Body<T> body) {
    return at(deadline).runOrFail(body, null);
  }

  private <T> T runOrFail(Body<T> body, Duration timeout) {
    return failAfter(this, body, timeout);
  }

  /** Runs {@code body} in {@code scope}; a timeout if the scope caught its cancellation. */
  static <T> T failAfter(CancelScope scope, Body<T> body, Duration timeout) {
    Objects.requireNonNull(body, "body");
    T r = scope.run(() -> body.run(scope));
    if (scope.cancelledCaught) {
      throw new TimeoutException(timeout != null ? "timed out after " + timeout
          : "deadline " + scope.deadline() + " passed", scope.caught);
    }
    return r;
  }

  // ---------------------------------------------------------------------------------------------
  // Running

  /**
   * Runs {@code body} inside this scope in the calling task.
   *
   * @param body the body
   * @param <T> the result type
   * @return the body's result, or {@code null} if this scope's cancellation ended it
   * @throws IllegalStateException if the scope was entered before
   * @throws WrongLoopException if the scope was made for another loop
   */
  public <T> T run(Callable<T> body) {
    Objects.requireNonNull(body, "body");
    Task<?> me = Task.requireCurrent("CancelScope.run");
    enter(me);
    T result = null;
    Throwable failure = null;
    try {
      result = body.call();
    } catch (Throwable t) {
      failure = t;
    }
    expireIfDue(); // a deadline passed in the last step counts, as Trio's cancel_called does
    boolean mine = failure != null && me.isCancellation(failure) && me.cancelOrigin() == this;
    exit(me);
    if (mine) {
      cancelledCaught = true;
      caught = failure instanceof CancelledException c ? c : new CancelledException(message, failure);
      me.dropDelivery(); // a delivery by interrupt must not outlive the scope
      return null;
    }
    if (cancelCalled) {
      me.dropUnusedDelivery(); // nor when the body finished first
    }
    if (failure != null) {
      throw propagate(me, failure);
    }
    return result;
  }

  /**
   * Runs {@code body}, which returns nothing, inside this scope.
   *
   * @param body the body
   */
  public void run(ThrowingRunnable body) {
    run(Async.callable(body));
  }

  /** What leaves a scope: an interrupt the loop delivered becomes its cancellation. */
  static RuntimeException propagate(Task<?> me, Throwable failure) {
    if (!(failure instanceof CancelledException) && me.isCancellation(failure)) {
      Task.clearInterrupt();
      me.onInterrupt();
      CancelledException c = me.pendingCancellation();
      return new CancelledException(c != null ? c.getMessage() : "interrupted", failure);
    }
    return Exceptions.rethrow(failure);
  }

  void enter(Task<?> me) {
    if (state != NEW) {
      throw new IllegalStateException("a CancelScope can be entered only once, and this one "
          + (state == ACTIVE ? "is active" : "has exited"));
    }
    if (loop != null && loop != me.loop) {
      throw WrongLoopException.of("CancelScope.run", this, loop, me.loop);
    }
    loop = me.loop;
    task = me;
    parent = me.scope;
    me.scope = this;
    state = ACTIVE;
    arm();
  }

  void exit(Task<?> me) {
    if (me.scope != this) {
      throw new IllegalStateException("cancel scopes must exit in the reverse order of entering");
    }
    disarm();
    me.scope = parent;
    parent = null;
    state = EXITED;
  }

  private void arm() {
    if (deadline == Long.MAX_VALUE || cancelCalled) {
      return;
    }
    long left = Nanos.until(deadline, loop.clock.nanoTime());
    if (left <= 0) {
      expire();
    } else {
      timer = loop.scheduleTimer(left, this::expire);
    }
  }

  private void disarm() {
    if (timer != null) {
      timer.cancel();
      timer = null;
    }
  }

  /** Expires every scope from {@code s} outward to the first shield whose deadline has passed. */
  static void expireDue(CancelScope s) {
    for (; s != null; s = s.parent) {
      s.expireIfDue();
      if (s.shield) {
        return;
      }
    }
  }

  private void expireIfDue() {
    if (!cancelCalled && deadline != Long.MAX_VALUE && state == ACTIVE
        && deadline <= loop.clock.nanoTime()) {
      disarm();
      expire();
    }
  }

  private void expire() {
    timer = null;
    expired = true;
    cancel(null);
  }

  /** The exception a suspension point throws for this scope. */
  CancelledException cancellation() {
    return new CancelledException(message);
  }

  // ---------------------------------------------------------------------------------------------
  // Control

  /** Cancels the scope: see {@link #cancel(String)}. */
  public void cancel() {
    cancel(null);
  }

  /**
   * Cancels the scope: from now on every suspension point inside it throws
   * {@link CancelledException} (unless a shielded scope inside hides it). Cancelling a scope
   * that has not been entered makes its body's first suspension point throw; cancelling one that
   * has exited does nothing. May be called from another task, or from any thread once the scope
   * runs.
   *
   * @param message the message the exception carries, or {@code null}
   */
  public void cancel(String message) {
    if (state == ACTIVE && !loop.mayTouch()) { // a foreign thread: through the inbox
      loop.postFromAnyThread(() -> cancel(message));
      return;
    }
    if (cancelCalled || state == EXITED) {
      return;
    }
    cancelCalled = true;
    this.message = message;
    disarm();
    if (state == ACTIVE) {
      task.deliverCancellation();
    }
  }

  /**
   * Whether the scope was cancelled, by {@link #cancel()} or its deadline.
   *
   * @return true once cancelled
   */
  public boolean isCancelCalled() {
    if (state == ACTIVE && loop.isOnLoop()) {
      expireIfDue();
    }
    return cancelCalled;
  }

  /**
   * Whether the scope caught its own cancellation: its body ended because of it.
   *
   * @return true if {@link #run} returned because this scope was cancelled
   */
  public boolean cancelledCaught() {
    return cancelledCaught;
  }

  /**
   * Whether the deadline passed while the scope ran; asyncio's {@code Timeout.expired()}.
   *
   * @return true if the deadline cancelled the scope
   */
  public boolean isExpired() {
    return expired;
  }

  /**
   * The deadline, in the loop's {@link Loop#time() time}.
   *
   * @return seconds, or {@link Double#POSITIVE_INFINITY} if there is none
   */
  public double deadline() {
    return Nanos.toSeconds(deadline);
  }

  /**
   * Moves the deadline, also while the scope runs (asyncio's {@code Timeout.reschedule}). A time
   * already past cancels a running scope at once. Has no effect once the scope is cancelled.
   *
   * @param deadline the loop time, in seconds; {@link Double#POSITIVE_INFINITY} for none
   * @throws IllegalArgumentException if the deadline is NaN
   */
  public void setDeadline(double deadline) {
    long d = Nanos.fromSeconds(deadline, "deadline");
    requireOnLoop("setDeadline");
    moveDeadline(d);
  }

  private void moveDeadline(long d) {
    this.deadline = d;
    if (state == ACTIVE) {
      disarm();
      arm();
    }
  }

  /**
   * Moves the deadline to {@code timeout} from now on the scope's loop.
   *
   * @param timeout how long from now, not negative
   */
  public void setDeadlineAfter(Duration timeout) {
    requireOnLoop("setDeadlineAfter");
    Loop l = loop != null ? loop : Async.currentLoop();
    long d = deadlineAfter(l, timeout);
    this.loop = l;
    moveDeadline(d);
  }

  /**
   * Moves the deadline to {@code timeout} seconds from now on the scope's loop.
   *
   * @param timeout how long from now, in seconds, not negative
   */
  public void setDeadlineAfter(double timeout) {
    setDeadlineAfter(Async.seconds(timeout, "timeout"));
  }

  /**
   * Whether the scope shields its code from outer cancellations.
   *
   * @return the shield flag
   */
  public boolean isShield() {
    return shield;
  }

  /**
   * Sets the shield flag, also while the scope runs: lowering it lets a pending outer
   * cancellation through at the next suspension point.
   *
   * @param shield whether to shield
   */
  public void setShield(boolean shield) {
    requireOnLoop("setShield");
    this.shield = shield;
    if (!shield && state == ACTIVE) {
      task.deliverCancellation();
    }
  }

  private void requireOnLoop(String what) {
    if (state == ACTIVE) {
      loop.checkOnLoop("CancelScope." + what);
    }
  }

  static long deadlineAfter(Loop loop, Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("negative timeout: " + timeout);
    }
    return Nanos.plus(loop.clock.nanoTime(), Nanos.of(timeout));
  }

  @Override
  public String toString() {
    String s = state == NEW ? "new" : state == ACTIVE ? "active" : "exited";
    return "CancelScope[" + s + (cancelCalled ? ", cancelled" : "") + (shield ? ", shield" : "")
        + (deadline != Long.MAX_VALUE ? ", deadline=" + deadline() : "") + "]";
  }
}
