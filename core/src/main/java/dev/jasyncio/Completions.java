package dev.jasyncio;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Watches several promises for one task: records them in the order they finish and wakes the
 * task when one does. The one mechanism under gather, wait, asCompleted and TaskGroup: a watcher
 * is a {@link Waiter} in each promise's own wait queue. Loop-only.
 *
 * @param <P> the promise type
 */
final class Completions<P extends Promise<?>> {
  private final ArrayDeque<P> finished = new ArrayDeque<>();
  private final List<Watcher> watchers = new ArrayList<>();
  private int pending;
  private Waiter waiting;

  Completions(Collection<? extends P> promises) {
    for (P p : promises) {
      add(p);
    }
  }

  /** Starts watching {@code p}; a promise already done counts as finished now. */
  void add(P p) {
    if (p.isDone()) {
      finished.add(p);
    } else {
      pending++;
      Watcher w = new Watcher(p);
      watchers.add(w);
      p.addWaiter(w);
    }
  }

  /** Watched promises not done yet. */
  int pending() {
    return pending;
  }

  /** The next promise in completion order that the caller has not taken yet, or null. */
  P poll() {
    return finished.poll();
  }

  boolean hasFinished() {
    return !finished.isEmpty();
  }

  /**
   * Suspends the calling task until a promise finishes that {@link #poll()} has not returned,
   * or until {@code deadline} (loop-clock nanos; {@code Long.MAX_VALUE} for none).
   *
   * @return false if the deadline passed first
   */
  boolean awaitNext(Task<?> me, long deadline) {
    if (!finished.isEmpty()) {
      return true;
    }
    if (pending == 0) {
      throw new IllegalStateException("nothing left to wait for");
    }
    long left = Nanos.until(deadline, me.loop.clock.nanoTime());
    if (left <= 0) {
      return false;
    }
    Waiter w = new Waiter(me);
    TimerHandle timer = left == Long.MAX_VALUE ? null : me.loop.scheduleTimer(left, w);
    waiting = w;
    try {
      me.suspend(w);
    } finally {
      waiting = null;
      if (timer != null) {
        timer.cancel();
      }
    }
    return !finished.isEmpty();
  }

  /** Waits until every watched promise is done, in a shield: the caller's cancellation waits. */
  void awaitAllShielded(Task<?> me) {
    if (pending == 0) {
      return;
    }
    CancelScope shield = CancelScope.shielded();
    shield.enter(me);
    try {
      while (pending > 0) {
        awaitNext(me, Long.MAX_VALUE);
        finished.clear();
      }
    } finally {
      shield.exit(me);
    }
  }

  /** Stops watching: the promises keep no reference to this. */
  void close() {
    for (Watcher w : watchers) {
      w.unlink();
    }
    watchers.clear();
  }

  /**
   * "Cancel, then wait until really done", the one implementation: cancels every promise of
   * {@code promises} not done yet and suspends {@code me}, shielded, until all are done, so their
   * {@code finally} blocks have run when this returns, even if {@code me} is being cancelled.
   * Used by await, gather, waitFor, task groups and stream close.
   */
  static void cancelAndJoin(Task<?> me, Collection<? extends Promise<?>> promises, String message) {
    for (Promise<?> p : promises) {
      if (!p.isDone()) {
        p.cancel(message);
      }
    }
    Completions<Promise<?>> c = new Completions<>(promises);
    try {
      c.awaitAllShielded(me);
    } finally {
      c.close();
    }
  }

  /** The watcher in one promise's queue. */
  private final class Watcher extends Waiter {
    final P promise;

    Watcher(P promise) {
      super(null);
      this.promise = promise;
    }

    @Override
    void onWake() {
      finished.add(promise);
      pending--;
      Waiter w = waiting;
      if (w != null) {
        w.wake(null);
      }
    }
  }
}
