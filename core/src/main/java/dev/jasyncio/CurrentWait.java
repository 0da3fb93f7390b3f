package dev.jasyncio;

/**
 * What a task waits on right now, read from its live state for the task monitor and the deadlock
 * check: the kind, the operation ("Queue.get"), the resource (the queue; null for a sleep or a
 * JDK call) and a one-line description. Safe from any thread: the fields it reads are plain
 * references, so a reader off the loop may see a wait that has just ended, never a broken one.
 *
 * @param kind what kind of wait
 * @param what the operation that waits
 * @param resource the object waited on, or null
 * @param description a line for people
 */
record CurrentWait(WaitKind kind, String what, Object resource, String description) {
  /** The wait of {@code t} now, or null if it is not suspended (ready, running, done). */
  static CurrentWait of(Task<?> t) {
    if (!isSuspended(t)) {
      return null;
    }
    Suspension w = t.waiting;
    if (w == null) {
      return t.offLoop
          ? new CurrentWait(WaitKind.OFFLOADED, "Async.blocking", null, "a blocking section (Async.blocking)")
          : new CurrentWait(WaitKind.OTHER, "JDK call", null, "a JDK blocking call (see its stack)");
    }
    if (w instanceof SleepWaiter s) {
      String left = " (wakes in " + MonitorCommands.time(s.deadline - t.loop.clock.nanoTime()) + ")";
      return new CurrentWait(WaitKind.SLEEP, "Async.sleep", null, "Async.sleep" + left);
    }
    Object where = ((Waiter) w).queue;
    if (where instanceof Promise<?> p) { // its only waiter: as a promise's wait queue would say
      String what = Promise.AWAIT;
      return new CurrentWait(WaitKind.PRIMITIVE, what, p, what + " on " + describe(p));
    }
    if (where == null) {
      return new CurrentWait(WaitKind.OTHER, "wait", null, "a wait on several things");
    }
    WaitQueue q = (WaitQueue) where;
    Object owner = q.owner;
    // a primitive is named; a socket's or an offloaded call's wait list says nothing more
    return new CurrentWait(q.kind, q.what, owner,
        owner == null || q.kind != WaitKind.PRIMITIVE ? q.what : q.what + " on " + describe(owner));
  }

  /**
   * The owner of the wait queue {@code t} is suspended in, which {@link #of} names as the
   * resource of a wait on a primitive or a promise; null otherwise. Builds nothing: the deadlock
   * check reads it for every live task.
   */
  static Object queueOwner(Task<?> t) {
    Object where = t.waiting instanceof Waiter w ? w.queue : null;
    if (where == null || !isSuspended(t)) {
      return null;
    }
    return where instanceof WaitQueue q ? q.owner : where; // a promise is its own waiter's owner
  }

  private static boolean isSuspended(Task<?> t) {
    TaskStep step = t.step;
    return step != null && step.state == TaskStep.SUSPENDED && !t.isDone();
  }

  /** A resource's name for people: its type, identity and state ("Lock@1b6d3586[locked, ...]"). */
  static String describe(Object resource) {
    if (resource instanceof Task<?> task) {
      return "task '" + task.getName() + "'";
    }
    String s = resource.toString();
    String type = resource.getClass().getSimpleName();
    String id = type + "@" + Integer.toHexString(System.identityHashCode(resource));
    return s.startsWith(type) ? id + s.substring(type.length()) : id;
  }
}
