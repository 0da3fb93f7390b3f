package dev.jasyncio;

/**
 * A task's next step in the ready queue. Each task owns one, allocated with it and reused for
 * every step (a task is in the ready queue at most once). On the carrier backend it carries the
 * virtual thread's continuation; on the portable backend the run permit. It also holds the task's
 * accounting ({@link TaskStats}), so that costs no allocation of its own.
 */
final class TaskStep extends TaskStats implements ReadyItem {
  /** The task, or null for a carrier continuation the JDK scheduled that the engine could not name. */
  final Task<?> task;
  /** Carrier: the JDK's continuation of the task's virtual thread, run to mount it. */
  Runnable continuation;
  /** Portable: the run permit, handed to the task's thread by the driver. */
  volatile boolean permit;
  /** Portable: the thread is started on the first step. */
  boolean threadStarted;

  TaskStep(Task<?> task) {
    this.task = task;
  }

  TaskStep(Runnable continuation) {
    this.task = null;
    this.continuation = continuation;
  }

  @Override
  public String toString() {
    return task != null ? "step of " + task : "step " + continuation;
  }
}
