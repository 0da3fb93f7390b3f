package dev.jasyncio;

/**
 * A node in a {@link WaitQueue}: one task waiting on one thing (a promise, a lock, a permit, an
 * item, a notification, a timer). Every way a task can wait is a waiter, so fairness,
 * cancellation-safety and deadlines are written once. Waking moves the task to the ready queue.
 *
 * <p>Cancellation follows asyncio, in this one place for every primitive: a cancellation that
 * reaches a waiter before any wake takes it out of its queue at once, so a later release never
 * hands it anything ({@link #cancel()}); a cancellation that comes after the wake but before the
 * task resumed makes the wait raise, and the waiter first {@link #handBack() hands back} what it
 * was given (a permit, an item, a notification) so that nothing is lost. Loop-only.
 */
non-sealed class Waiter extends Suspension implements Runnable {
  /** What the waker handed over, if anything (an item, a permit). */
  Object value;
  Waiter prev;
  Waiter next;
  /**
   * Where it waits: its {@link WaitQueue}, or the {@link Promise} it is the only waiter of (a
   * promise's usual single await keeps no queue); null once out.
   */
  Object queue;

  Waiter(Task<?> task) {
    super(task);
  }

  @Override
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

  @Override
  final void cancel() {
    unlink();
    state = CANCELLED;
  }

  /**
   * The task was cancelled after this waiter was woken and before it resumed: give what
   * {@link #value} holds back to the thing waited on (the next waiter, the front of a queue).
   * By default there is nothing to give back (a promise, an event, a timer).
   *
   * @return true if the wait must now raise the cancellation; false if what happened cannot be
   *     undone (an item a getter already took), so the wait returns and the cancellation stays
   *     pending for the next suspension point
   */
  @Override
  boolean handBack() {
    return true;
  }

  /** What waking does: by default, schedule the task. */
  void onWake() {
    task.resume();
  }

  /** What this wait is on, for the accounting: a primitive's waiter has a queue. */
  @Override
  final WaitKind kind() {
    Object q = queue;
    if (q instanceof WaitQueue wq) {
      return wq.kind;
    }
    return q != null ? WaitKind.PRIMITIVE : WaitKind.OTHER; // a promise's only waiter, or several
  }

  /** Leaves its queue, if in one. */
  final void unlink() {
    Object q = queue;
    if (q instanceof WaitQueue wq) {
      wq.remove(this);
    } else if (q != null) {
      ((Promise<?>) q).removeAlone(this);
    }
  }

  /** As a timer callback: the deadline passed. */
  @Override
  public void run() {
    wake(null);
  }
}
