package dev.jasyncio;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * Tasks that live and die together: asyncio's {@code TaskGroup}. Opened by
 * {@link Async#taskGroup}; every task started with {@link #createTask} has finished when that
 * call returns.
 *
 * <pre>{@code
 * Async.taskGroup(tg -> {
 *   Task<String> a = tg.createTask(() -> fetch("a"));
 *   Task<String> b = tg.createTask(() -> fetch("b"));
 * }); // both done here; if one failed, the other was cancelled and the failure is thrown
 * }</pre>
 *
 * <h2>Rules (asyncio's)</h2>
 * <ul>
 *   <li>The group waits for every child, also for children added while it waits.
 *   <li>The first child failure cancels the other children and the body (the code inside
 *       {@code taskGroup}), one loop turn later as in asyncio: children that were ready to run
 *       with it run their first step, so their failures are not lost. Once every child has finished, all failures are thrown together as
 *       one {@link ExceptionGroup}: the children's errors in the order they failed, then the
 *       body's own error, if it failed.
 *   <li>A child's cancellation is not a failure.
 *   <li>Children are inside the cancel scopes around the group (Trio's nursery): they see the
 *       {@link CancelScope#currentEffectiveDeadline() deadline} of an enclosing timeout and are
 *       cancelled with it.
 *   <li>If the body fails, the children are cancelled and its error is in the group.
 *   <li>Cancelling the task that runs the group (or an enclosing {@link CancelScope}) cancels the
 *       children; the group waits for them and then rethrows the {@link CancelledException},
 *       unless children failed: failures win, and the cancellation stays pending.
 *   <li>The group's own cancellation of its body never escapes it, and leaves
 *       {@link Task#cancelling()} as it was: it is a {@link CancelScope} of the group, not a
 *       request on the task (asyncio's uncancel bookkeeping, without the counting).
 *   <li>Starting a task in a group that is shutting down or finished is an
 *       {@link IllegalStateException}. Groups nest.
 * </ul>
 */
public final class TaskGroup {
  /** The code run inside a task group. */
  @FunctionalInterface
  public interface Body {
    /**
     * Runs the body.
     *
     * @param tg the group, to start children in
     * @throws Exception whatever the body throws; it joins the group's failures
     */
    void run(TaskGroup tg) throws Exception;
  }

  private final Task<?> parent;
  /** The group cancels its body through this scope, never through the task itself. */
  private final CancelScope scope = new CancelScope();
  private final Set<Task<?>> children = new LinkedHashSet<>();
  private final List<Throwable> errors = new ArrayList<>();
  private boolean aborting;
  /** A child failed; the group reacts a loop turn later, so siblings ready now still run. */
  private boolean abortScheduled;
  private boolean finished;
  private Waiter exitWaiter;

  private TaskGroup(Task<?> parent) {
    this.parent = parent;
  }

  /**
   * The code run inside a task group that returns a value, for {@link Async#taskGroupResult(ValueBody)}
   * (Jox's {@code supervised}).
   *
   * @param <T> the result type
   */
  @FunctionalInterface
  public interface ValueBody<T> {
    /**
     * Runs the body.
     *
     * @param tg the group, to start children in
     * @return the group's result, returned once every child has finished
     * @throws Exception whatever the body throws; it joins the group's failures
     */
    T run(TaskGroup tg) throws Exception;
  }

  static void run(Body body) {
    Objects.requireNonNull(body, "body");
    run(tg -> {
      body.run(tg);
      return null;
    });
  }

  static <T> T run(ValueBody<T> body) {
    Objects.requireNonNull(body, "body");
    Task<?> me = Task.requireCurrent("Async.taskGroup");
    TaskGroup tg = new TaskGroup(me);
    tg.scope.enter(me);
    Throwable failure = null;
    T result = null;
    try {
      result = body.run(tg);
    } catch (Throwable t) {
      failure = t;
    }
    tg.exit(me, failure);
    return result;
  }

  private void exit(Task<?> me, Throwable bodyFailure) {
    Throwable cancellation = null; // a cancellation from outside the group, to rethrow
    Throwable bodyError = null;
    if (bodyFailure != null) {
      if (!me.isCancellation(bodyFailure)) {
        bodyError = bodyFailure;
      } else if (me.cancelOrigin() != scope) {
        cancellation = bodyFailure;
      }
      abort();
    }
    try {
      while (!children.isEmpty()) {
        Waiter w = new Waiter(me);
        exitWaiter = w;
        try {
          me.suspendExpectingCancellation(w);
        } catch (CancelledException c) {
          if (me.cancelOrigin() != scope) {
            cancellation = c;
          }
          aborting = true; // no new children from now on
          // the cancellation stands (level-triggered): cancel the children, wait in a shield
          Completions.cancelAndJoin(me, List.copyOf(children), null);
        } finally {
          exitWaiter = null;
        }
      }
    } finally {
      finished = true;
      scope.exit(me);
    }
    if (cancellation == null) {
      me.dropDelivery(); // our own cancellation's delivery must not outlive the group
    }
    if (bodyError != null) {
      errors.add(bodyError);
    }
    if (!errors.isEmpty()) {
      throw new ExceptionGroup("unhandled errors in a TaskGroup", errors);
    }
    if (cancellation != null) {
      throw CancelScope.propagate(me, cancellation);
    }
  }

  /**
   * Ends the group early without an error, once its goal is met; asyncio's
   * {@code TaskGroup.cancel()} (Python 3.15). Cancels every child not done and the body; the
   * group then exits normally ({@link Async#taskGroup} returns, no {@link CancelledException}),
   * unless children failed. Can be called from the body or from a child; does nothing once the
   * group has finished.
   */
  public void cancel() {
    parent.loop.checkOnLoop("TaskGroup.cancel");
    if (finished) {
      return;
    }
    if (!aborting) {
      abort();
    }
    scope.cancel();
  }

  private void abortAfterFailure() {
    if (!finished && !aborting) {
      abort();
      scope.cancel(); // the body too
    }
  }

  /** Cancels every child still running; no new children from now on. */
  private void abort() {
    aborting = true;
    for (Task<?> t : List.copyOf(children)) {
      t.cancel();
    }
  }

  private void childDone(Task<?> t) {
    children.remove(t);
    if (t.state == Promise.FAILED) {
      errors.add(t.exception()); // retrieved: the group throws it
      if (!aborting && !abortScheduled) {
        // asyncio reacts to a child's end in a done-callback, a turn later: children started
        // with this one run their first step, and their failures are reported too (Trio's rule)
        abortScheduled = true;
        parent.loop.callSoon(this::abortAfterFailure);
      }
    }
    if (children.isEmpty() && exitWaiter != null) {
      exitWaiter.wake(null);
    }
  }

  /**
   * Starts {@code body} as a child task of this group.
   *
   * @param body the child's body
   * @param name the child's name, or {@code null}
   * @param <T> the result type
   * @return the child task
   * @throws CancelledException if called from the group's body after a child failed: the body
   *     is being cancelled
   * @throws IllegalStateException if the group is shutting down (a child failed, or the body
   *     failed or was cancelled) or finished
   * @throws WrongLoopException if called from a task of another loop
   */
  public <T> Task<T> createTask(Callable<T> body, String name) {
    return child(Objects.requireNonNull(body, "body"), name);
  }

  /** Starts a child; {@code body} as {@link Task#body} holds it. */
  private <T> Task<T> child(Object body, String name) {
    parent.loop.checkOnLoop("TaskGroup.createTask");
    if (finished) {
      throw new IllegalStateException("TaskGroup is finished: it cannot start more tasks");
    }
    if (aborting) {
      if (Task.current() == parent) {
        parent.checkpoint(); // the body, resumed after a child failed: its cancellation, at once
      }
      throw new IllegalStateException("TaskGroup is shutting down: it cannot start more tasks");
    }
    Task<T> t = parent.loop.newTask(body, name);
    t.scope = scope; // the child is inside the group's scopes: it sees their deadlines (Trio)
    children.add(t);
    t.addWaiter(new Waiter(null) {
      @Override
      void onWake() {
        childDone(t);
      }
    });
    return t;
  }

  /**
   * Starts {@code body} as a child task with a generated name.
   *
   * @param body the child's body
   * @param <T> the result type
   * @return the child task
   */
  public <T> Task<T> createTask(Callable<T> body) {
    return createTask(body, null);
  }

  /**
   * Starts a child task whose body returns nothing.
   *
   * @param body the child's body
   * @return the child task
   */
  public Task<Void> createTask(ThrowingRunnable body) {
    return child(Task.voidBody(body), null);
  }

  /**
   * Starts a named child task whose body returns nothing.
   *
   * @param body the child's body
   * @param name the child's name
   * @return the child task
   */
  public Task<Void> createTask(ThrowingRunnable body, String name) {
    return child(Task.voidBody(body), name);
  }

  @Override
  public String toString() {
    return "TaskGroup[" + (finished ? "finished" : aborting ? "shutting down" : "running")
        + ", children=" + children.size() + "]";
  }
}
