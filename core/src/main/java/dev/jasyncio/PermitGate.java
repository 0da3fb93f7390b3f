package dev.jasyncio;

import java.util.concurrent.Callable;

/**
 * The permit counter behind {@link Lock} and {@link Semaphore}: a count of free permits and a
 * FIFO of waiting tasks. A release hands its permit straight to the first waiter instead of
 * counting it, so a newcomer cannot barge ahead of the queue (FIFO-fair), and a free permit and a
 * waiter never exist at the same time (nothing stranded). A waiter cancelled before its wake
 * leaves the queue holding nothing; one cancelled after its wake, before it resumed, gives the
 * permit on to the next waiter and raises (asyncio's rule, see {@link Waiter}). Loop-only.
 */
final class PermitGate {
  int permits;
  final WaitQueue waiters;
  /**
   * The task that took a permit last, for diagnostics only (a lock's holder in the task monitor
   * and the deadlock check); a lock clears it on release. Not an owner: asyncio's locks have none.
   */
  Task<?> holder;

  PermitGate(Object owner, String what, int permits) {
    this.permits = permits;
    this.waiters = new WaitQueue(owner, what);
  }

  /** Takes a permit if one is free and nobody waits before us. */
  boolean tryTake() {
    if (permits > 0) {
      permits--; // permits > 0 implies no waiters: releases hand off to waiters first
      return true;
    }
    return false;
  }

  /** Takes a permit, suspending the calling task in FIFO order until one is handed over. */
  void take(Task<?> me, boolean cancellable) {
    if (tryTake()) {
      holder = me;
      return;
    }
    Waiter w = new Waiter(me) {
      @Override
      boolean handBack() {
        give();
        return true;
      }
    };
    waiters.add(w);
    if (cancellable) {
      me.suspend(w);
    } else {
      me.suspendUncancellable(w);
    }
    holder = me;
  }

  /** Gives a permit back: to the first waiter if any, else to the count. */
  void give() {
    if (!waiters.wakeFirst(null)) {
      if (permits == Integer.MAX_VALUE) {
        throw new IllegalStateException("release: the count of free permits would pass"
            + " Integer.MAX_VALUE; more releases than acquires?");
      }
      permits++;
    }
  }

  /** Runs {@code body} holding a permit taken from the calling task, releasing it after. */
  <T> T with(Task<?> me, Callable<T> body, Runnable release) {
    take(me, true);
    try {
      return body.call();
    } catch (Exception e) {
      throw Exceptions.rethrow(e);
    } finally {
      release.run();
    }
  }
}
