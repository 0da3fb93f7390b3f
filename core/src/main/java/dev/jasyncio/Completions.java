package dev.jasyncio;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
      me.suspendExpectingCancellation(w);
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
    Map<Task<?>, Collection<? extends Promise<?>>> joins = me.loop.joins;
    Collection<? extends Promise<?>> joined = promises;
    if (!joins.isEmpty()) {
      // a task that is itself joining me, directly or through others (tasks that awaited each
      // other in a cycle, then were cancelled), would wait for me while I wait for it: forever.
      // Leave it out; it ends once I have, as its own join of me completes.
      List<Promise<?>> rest = new ArrayList<>(promises.size());
      for (Promise<?> p : promises) {
        if (!(p instanceof Task<?> t && joinsReach(joins, t, me))) {
          rest.add(p);
        }
      }
      joined = rest;
    }
    Completions<Promise<?>> c = new Completions<>(joined);
    joins.put(me, joined);
    try {
      c.awaitAllShielded(me);
    } finally {
      joins.remove(me);
      c.close();
    }
  }

  /** Whether {@code from}'s join (of the tasks in {@code joins}) waits, at some depth, for {@code target}. */
  private static boolean joinsReach(Map<Task<?>, Collection<? extends Promise<?>>> joins, Task<?> from,
      Task<?> target) {
    Set<Task<?>> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    ArrayDeque<Task<?>> todo = new ArrayDeque<>();
    todo.add(from);
    while (!todo.isEmpty()) {
      Task<?> t = todo.poll();
      Collection<? extends Promise<?>> js = seen.add(t) ? joins.get(t) : null;
      if (js == null) {
        continue;
      }
      for (Promise<?> p : js) {
        if (p == target) {
          return true;
        }
        if (p instanceof Task<?> next && !next.isDone()) {
          todo.add(next);
        }
      }
    }
    return false;
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
