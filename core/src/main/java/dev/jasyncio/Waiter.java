package dev.jasyncio;

/**
 * A node in a {@link WaitQueue}: one task waiting on one thing (a promise, a lock, a permit, an
 * item, a notification, a timer). Every way a task can wait is a waiter, so fairness,
 * cancellation-safety and deadlines are written once. Waking moves the task to the ready queue;
 * the wake wins over a later cancellation, so a woken waiter never loses what it was handed.
 * Loop-only.
 */
class Waiter implements Runnable {
  static final int WAITING = 0;
  static final int WOKEN = 1;

  final Task<?> task;
  int state = WAITING;
  /** What the waker handed over, if anything (an item, a permit). */
  Object value;
  Waiter prev;
  Waiter next;
  WaitQueue queue;

  Waiter(Task<?> task) {
    this.task = task;
  }

  boolean isWaiting() {
    return state == WAITING;
  }

  /** Wakes the waiter with a value; false if it was already woken. */
  boolean wake(Object v) {
    unlink();
    if (state != WAITING) {
      return false;
    }
    state = WOKEN;
    value = v;
    onWake();
    return true;
  }

  /** What waking does: by default, schedule the task. */
  void onWake() {
    task.resume();
  }

  /** Leaves its queue, if in one. */
  final void unlink() {
    if (queue != null) {
      queue.remove(this);
    }
  }

  /** As a timer callback: the deadline passed. */
  @Override
  public void run() {
    wake(null);
  }
}
