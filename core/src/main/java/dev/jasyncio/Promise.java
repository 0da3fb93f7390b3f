package dev.jasyncio;

import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A result that does not exist yet: asyncio's {@code Future}. A promise belongs to one loop and is
 * used on it; tasks {@link #await()} it, callbacks run when it is done. A {@link Task} is a
 * promise whose result comes from its body.
 *
 * <pre>{@code
 * Promise<String> p = Async.createPromise();
 * Async.createTask(() -> { Async.sleep(Duration.ofSeconds(1)); p.setResult("ready"); return null; });
 * String s = p.await(); // "ready", one second later
 * }</pre>
 *
 * <p>Awaiting rethrows a failure as {@link Async} describes: an unchecked exception as is, a
 * checked one as the cause of a {@link java.util.concurrent.CompletionException}. A task that is
 * cancelled while it awaits a promise cancels the promise too, as in asyncio; use
 * {@link Async#shield} to prevent that.
 *
 * <p>{@link #isDone()} and {@link #isCancelled()} may be read from any thread; every other method
 * belongs to the loop. From another thread, wait for the outcome with
 * {@link #toCompletableFuture()} (called on the loop) or hand work in with {@link Loop#submit}.
 *
 * @param <T> the result type
 */
public sealed class Promise<T> permits Task {
  static final int PENDING = 0;
  static final int RESULT = 1;
  static final int FAILED = 2;
  static final int CANCELLED = 3;

  /** What a task suspended on a promise waits in, for the monitor. */
  static final String AWAIT = "await";

  private static final java.lang.invoke.VarHandle STATE;

  static {
    try {
      STATE = java.lang.invoke.MethodHandles.lookup().findVarHandle(Promise.class, "state", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final Loop loop;
  /** Written on the loop with release semantics, so isDone() read off the loop sees the value. */
  int state = PENDING;
  /** The result, the failure, or the CancelledException, by state. */
  private Object value;
  /**
   * Who waits, in the order they came: null, one {@link Waiter} alone (the usual single await,
   * which needs no queue), or a {@link WaitQueue}.
   */
  private Object waiters;
  private boolean retrieved;
  /** The report of a failure nobody retrieved yet; null otherwise. */
  private Unretrieved unretrieved;

  Promise(Loop loop) {
    this.loop = loop;
  }

  /**
   * The loop this promise belongs to.
   *
   * @return its loop
   */
  public Loop loop() {
    return loop;
  }

  /**
   * Whether it has a result, a failure, or was cancelled.
   *
   * @return true once done
   */
  public boolean isDone() {
    return (int) STATE.getAcquire(this) != PENDING;
  }

  /**
   * Whether it was cancelled.
   *
   * @return true if cancelled
   */
  public boolean isCancelled() {
    return (int) STATE.getAcquire(this) == CANCELLED;
  }

  /**
   * Completes the promise with a result and wakes its waiters.
   *
   * @param result the result, may be {@code null}
   * @throws InvalidStateException if the promise is already done
   */
  public void setResult(T result) {
    loop.checkOnLoop("setResult");
    requirePending("setResult");
    complete(RESULT, result);
  }

  /**
   * Completes the promise with a failure and wakes its waiters.
   *
   * @param exception the failure
   * @throws InvalidStateException if the promise is already done
   */
  public void setException(Throwable exception) {
    Objects.requireNonNull(exception, "exception");
    loop.checkOnLoop("setException");
    requirePending("setException");
    complete(FAILED, exception);
  }

  private void requirePending(String what) {
    if (state != PENDING) {
      throw new InvalidStateException(what + " on a promise that is already " + stateName());
    }
  }

  /**
   * Cancels the promise if it is pending.
   *
   * @return true if it was cancelled by this call
   */
  public boolean cancel() {
    return cancel(null);
  }

  /**
   * Cancels the promise if it is pending; awaiting tasks get a {@link CancelledException} with
   * this message.
   *
   * @param message the message, or {@code null}
   * @return true if it was cancelled by this call
   */
  public boolean cancel(String message) {
    loop.checkOnLoop("cancel");
    if (state != PENDING) {
      return false;
    }
    complete(CANCELLED, new CancelledException(message));
    return true;
  }

  /**
   * Suspends the calling task until the promise is done, then returns its result. Returns at
   * once, without suspending, if it is already done.
   *
   * @return the result
   * @throws CancelledException if the promise was cancelled, or the calling task was cancelled
   *     while waiting (which also cancels this promise; if it is a task, this waits until that
   *     task has finished before it throws, unless that task is itself waiting so for the caller,
   *     as tasks that awaited each other in a cycle are: then it throws at once)
   * @throws WrongLoopException if called from a task of another loop
   * @throws NoRunningLoopException if called outside any task
   */
  public T await() {
    Task<?> me = Task.requireCurrent("await");
    if (me.loop != loop) {
      throw WrongLoopException.of("await", this, loop, me.loop);
    }
    if (me == this) {
      throw new IllegalStateException(me + " cannot await itself");
    }
    if (state == PENDING) {
      Waiter w = new Waiter(me);
      addWaiter(w);
      try {
        me.suspend(w);
      } catch (CancelledException c) {
        if (state == PENDING) {
          // asyncio: cancelling the awaiter cancels what it awaits, and the awaiter stays
          // suspended until that has finished (a task runs its finally blocks first)
          Completions.cancelAndJoin(me, java.util.List.of(this), c.getMessage());
        }
        throw c;
      }
    }
    return resultRetrieved();
  }

  /**
   * The result of a done promise, without waiting.
   *
   * @return the result
   * @throws InvalidStateException if it is not done yet
   * @throws CancelledException if it was cancelled
   */
  public T result() {
    if (state == PENDING) {
      throw new InvalidStateException("result() of " + this + ": the result is not set yet");
    }
    return resultRetrieved();
  }

  /**
   * The failure of a done promise, or {@code null} if it has a result.
   *
   * @return the exception it failed with, or null
   * @throws InvalidStateException if it is not done yet
   * @throws CancelledException if it was cancelled
   */
  public Throwable exception() {
    if (state == PENDING) {
      throw new InvalidStateException("exception() of " + this + ": it is not done yet");
    }
    markRetrieved();
    if (state == CANCELLED) {
      throw freshCancellation();
    }
    return state == FAILED ? (Throwable) value : null;
  }

  @SuppressWarnings("unchecked")
  final T resultRetrieved() {
    markRetrieved();
    return switch (state) {
      case RESULT -> (T) value;
      case FAILED -> throw Exceptions.rethrow(AwaitedAt.mark((Throwable) value));
      case CANCELLED -> throw freshCancellation();
      default -> throw new InvalidStateException("the result is not set yet");
    };
  }

  private void markRetrieved() {
    if (!retrieved) {
      retrieved = true;
      Unretrieved u = unretrieved;
      if (u != null) {
        unretrieved = null;
        loop.retrieved(u);
      }
    }
  }

  /** A new exception for each awaiter (each gets its own stack), keeping message and cause. */
  private CancelledException freshCancellation() {
    CancelledException c = (CancelledException) value;
    return new CancelledException(c.getMessage(), c.getCause());
  }

  /** The failure, for reports; does not count as retrieving it. */
  final Throwable failure() {
    return state == FAILED ? (Throwable) value : null;
  }

  /** The message of the cancellation, if cancelled. */
  final String cancelMessage() {
    return state == CANCELLED ? ((CancelledException) value).getMessage() : null;
  }

  /**
   * Schedules {@code callback} to run on the loop once the promise is done (at once, via the loop,
   * if it already is). Callbacks run in the order they were added.
   *
   * @param callback receives this promise
   */
  public void addDoneCallback(Consumer<? super Promise<T>> callback) {
    Objects.requireNonNull(callback, "callback");
    loop.checkOnLoop("addDoneCallback");
    if (state != PENDING) {
      loop.callSoon(() -> callback.accept(this));
    } else {
      addWaiter(new CallbackWaiter<>(this, callback));
    }
  }

  /**
   * Removes every registration of {@code callback} that has not run.
   *
   * @param callback a callback given to {@link #addDoneCallback}
   * @return how many were removed
   */
  public int removeDoneCallback(Consumer<? super Promise<T>> callback) {
    loop.checkOnLoop("removeDoneCallback");
    Object ws = waiters;
    if (ws instanceof Waiter alone) {
      if (alone instanceof CallbackWaiter<?> c && c.callback == callback) {
        alone.unlink();
        return 1;
      }
      return 0;
    }
    int removed = 0;
    if (ws instanceof WaitQueue q) {
      for (Waiter w = q.first(); w != null; ) {
        Waiter next = w.next;
        if (w instanceof CallbackWaiter<?> c && c.callback == callback) {
          q.remove(w);
          removed++;
        }
        w = next;
      }
    }
    return removed;
  }

  /** A done-callback is a waiter whose wake-up schedules the callback. */
  private static final class CallbackWaiter<T> extends Waiter {
    final Promise<T> promise;
    final Consumer<? super Promise<T>> callback;

    CallbackWaiter(Promise<T> promise, Consumer<? super Promise<T>> callback) {
      super(null);
      this.promise = promise;
      this.callback = callback;
    }

    @Override
    void onWake() {
      promise.loop.callSoon(() -> callback.accept(promise));
    }
  }

  /** Completes a CompletableFuture the moment this promise is done, on the loop. */
  private static final class FutureWaiter<T> extends Waiter {
    final Promise<T> promise;
    final CompletableFuture<T> future;

    FutureWaiter(Promise<T> promise, CompletableFuture<T> future) {
      super(null);
      this.promise = promise;
      this.future = future;
    }

    @Override
    @SuppressWarnings("unchecked")
    void onWake() {
      promise.transferTo(future);
    }
  }

  /**
   * A {@link CompletableFuture} completed with this promise's outcome (a cancellation becomes a
   * {@link CancellationException}), for code outside the loop. Its dependents run on the loop
   * thread unless you make them async.
   *
   * @return a new future
   */
  public CompletableFuture<T> toCompletableFuture() {
    CompletableFuture<T> f = new CompletableFuture<>();
    loop.checkOnLoop("toCompletableFuture");
    whenDone(f);
    return f;
  }

  void whenDone(CompletableFuture<T> f) {
    if (state != PENDING) {
      transferTo(f);
    } else {
      addWaiter(new FutureWaiter<>(this, f));
    }
  }

  @SuppressWarnings("unchecked")
  private void transferTo(CompletableFuture<T> f) {
    markRetrieved();
    switch (state) {
      case RESULT -> f.complete((T) value);
      case FAILED -> f.completeExceptionally((Throwable) value);
      default -> f.completeExceptionally(new CancellationException(cancelMessage()));
    }
  }

  /** Adds a waiter: a task's await, a callback, or a combinator's watcher. */
  final void addWaiter(Waiter w) {
    Object ws = waiters;
    if (ws == null) {
      w.prev = w.next = null;
      w.queue = this;
      waiters = w;
      return;
    }
    WaitQueue q;
    if (ws instanceof Waiter alone) { // a second waiter: from now on a queue keeps their order
      q = new WaitQueue(this, AWAIT);
      alone.queue = null;
      q.add(alone);
      waiters = q;
    } else {
      q = (WaitQueue) ws;
    }
    q.add(w);
  }

  /** {@code w}, the only waiter, leaves (woken or cancelled). */
  final void removeAlone(Waiter w) {
    if (waiters == w) {
      waiters = null;
    }
    w.queue = null;
  }

  /** Sets the outcome and wakes waiters and callbacks, in the order they came. */
  void complete(int newState, Object newValue) {
    value = newValue;
    STATE.setRelease(this, newState); // publishes value to a thread that reads isDone()
    if (newState == FAILED && !retrieved) {
      unretrieved = loop.trackUnretrieved(this);
    }
    Object ws = waiters;
    if (ws instanceof WaitQueue q) {
      q.wakeAll(null);
    } else if (ws != null) {
      ((Waiter) ws).wake(null);
    }
  }

  /** Marks this promise as the outcome of work handed off the loop, for the accounting. */
  final Promise<T> offloaded(String what) {
    waiters = new WaitQueue(this, WaitKind.OFFLOADED, what);
    return this;
  }

  final String stateName() {
    return switch (state) {
      case PENDING -> "pending";
      case RESULT -> "finished";
      case FAILED -> "failed";
      default -> "cancelled";
    };
  }

  @Override
  public String toString() {
    return "Promise[" + stateName() + "]";
  }
}
