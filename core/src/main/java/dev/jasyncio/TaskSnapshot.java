package dev.jasyncio;

/**
 * One task as the task monitor shows it, copied at one moment: identity, state, what it waits on,
 * and its accounting. Taken on the loop when the loop answers, else read racily (see
 * {@link TaskStats}).
 *
 * @param task the task
 * @param id its id within its loop
 * @param parentId the id of the task that created it, or 0
 * @param name its name
 * @param state "ready", "running", "suspended" or "done", with ", cancelling" if asked to cancel
 * @param waitingOn what it waits on now, or null
 * @param ageNanos how long ago it was created
 * @param runningNanos time it ran on the loop
 * @param readyNanos time it was ready and waited for the loop
 * @param suspendedNanos time it was suspended, by {@link WaitKind} ordinal
 * @param steps steps it has run
 * @param waitingForNanos how long its current wait has lasted, or 0
 * @param createdAt where it was created (debug mode), else the class that defined its body
 */
record TaskSnapshot(Task<?> task, long id, long parentId, String name, String state, CurrentWait waitingOn,
    long ageNanos, long runningNanos, long readyNanos, long[] suspendedNanos, int steps,
    long waitingForNanos, String createdAt) {

  static TaskSnapshot of(Task<?> t, long now) {
    TaskStep s = t.step;
    long[] suspended = new long[WaitKind.values().length];
    for (WaitKind k : WaitKind.values()) {
      suspended[k.ordinal()] = s.suspendedNanos(k, now);
    }
    String state = switch (s.state) {
      case TaskStep.READY, TaskStep.NEW -> "ready";
      case TaskStep.RUNNING -> "running";
      case TaskStep.SUSPENDED -> "suspended";
      default -> "done";
    };
    if (t.isDone()) {
      state = t.stateName();
    } else if (t.cancelling() > 0) {
      state += ", cancelling";
    }
    return new TaskSnapshot(t, t.id, s.parentId(), t.getName(), state, CurrentWait.of(t),
        s.ageNanos(now), s.runningNanos(now), s.readyNanos(now), suspended, s.steps(),
        s.waitingForNanos(now), creationSite(t));
  }

  /** Total suspended time. */
  long suspendedTotal() {
    long n = 0;
    for (long v : suspendedNanos) {
      n += v;
    }
    return n;
  }

  /**
   * Where the task was created: the first frame outside jasyncio of its creation stack (kept in
   * debug mode), else the class whose code is the task's body (free: read from the lambda).
   */
  static String creationSite(Task<?> t) {
    StackTraceElement[] st = t.createdAt();
    if (st != null) {
      for (StackTraceElement e : st) {
        if (!e.getClassName().startsWith("dev.jasyncio.") || e.getClassName().startsWith("dev.jasyncio.examples.")) {
          return e.getClassName().substring(e.getClassName().lastIndexOf('.') + 1) + "."
              + e.getMethodName() + "(" + e.getFileName() + ":" + e.getLineNumber() + ")";
        }
      }
    }
    Object body = t.body;
    if (body instanceof Async.RunnableBody a) {
      body = a.body();
    }
    if (body == null) {
      return "?"; // it ended while the monitor looked: its body is let go
    }
    String c = body.getClass().getName();
    int lambda = c.indexOf("$$Lambda");
    return (lambda > 0 ? c.substring(0, lambda) : c).replaceFirst("^.*\\.", "");
  }
}
