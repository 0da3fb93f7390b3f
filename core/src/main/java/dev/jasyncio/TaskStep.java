package dev.jasyncio;

/**
 * A task's next step in the ready queue, and its hold on its own thread. Each task owns one,
 * allocated with it and reused for every step (a task is in the ready queue at most once). On the
 * carrier backend it carries the virtual thread's continuation; on the portable backend the run
 * permit.
 *
 * <p>It is also the body of the task's thread and that thread's uncaught-exception handler: the
 * handler is a field of the thread itself, so {@link Loop#context()} finds the task from
 * {@code Thread.currentThread()} without the {@code ThreadLocalMap} a {@code ThreadLocal} would
 * allocate for every task.
 *
 * <p>It also holds the task's accounting ({@link TaskStats}), so that costs no allocation of its
 * own.
 */
final class TaskStep extends TaskStats implements ReadyItem, Runnable, Thread.UncaughtExceptionHandler {
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

  /** The task's thread runs the task's body. */
  @Override
  public void run() {
    task.runBody();
  }

  /** The body catches everything; what escapes the loop's own bookkeeping goes where it would. */
  @Override
  public void uncaughtException(Thread t, Throwable e) {
    t.getThreadGroup().uncaughtException(t, e);
  }

  @Override
  public String toString() {
    return task != null ? "step of " + task : "step " + continuation;
  }
}
