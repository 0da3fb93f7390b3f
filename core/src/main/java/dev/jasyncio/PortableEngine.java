package dev.jasyncio;

import java.util.concurrent.locks.LockSupport;

/**
 * The portable backend: every task is a virtual thread on the JDK's default scheduler, and a run
 * permit lets one of them run at a time. The driver hands the permit to a task (its step) and
 * parks until the task hands it back by suspending or ending; a task that suspends or ends while
 * the batch's next item is a task step hands the permit on to that task itself.
 */
final class PortableEngine extends Engine {
  private final Thread.Builder.OfVirtual builder =
      Thread.ofVirtual().inheritInheritableThreadLocals(false);
  /** True while a task holds the permit; the driver waits for it to drop. */
  private volatile boolean stepActive;

  PortableEngine(Loop loop) {
    super(loop);
  }

  @Override
  Backend backend() {
    return Backend.PORTABLE;
  }

  @Override
  Thread newThread() {
    return builder.unstarted(TaskStep.THREAD_BODY);
  }

  @Override
  void runStep(TaskStep step) {
    stepActive = true;
    give(step);
    while (stepActive) {
      LockSupport.park(this);
    }
  }

  /** Hands the run permit to the step's task, creating and starting its thread on its first step. */
  private void give(TaskStep step) {
    step.permit = true;
    Thread t = step.task.thread;
    if (t == null) {
      createThread(step.task).start();
    } else {
      LockSupport.unpark(t);
    }
  }

  @Override
  Task<?> taskOf(TaskStep step) {
    return step.task;
  }

  private void release() {
    stepActive = false;
    LockSupport.unpark(loop.scheduler.thread);
  }

  /**
   * The calling task's step ends: the permit goes straight to the batch's next task step if it
   * has one, else back to the driver. Straight on, a step costs one hand-off between threads
   * instead of two (task to driver, driver to task).
   */
  private void handOn() {
    TaskStep next = loop.scheduler.handOn(false);
    if (next != null) {
      give(next);
    } else {
      release();
    }
  }

  private void acquire(Task<?> task) {
    TaskStep step = task.step;
    boolean interrupted = false;
    while (!step.permit) {
      LockSupport.park(this);
      // an interrupt must not spin this loop; it is delivered once the permit is ours
      interrupted |= Task.clearInterrupt();
    }
    step.permit = false;
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  void begin(Task<?> task) {
    acquire(task);
  }

  @Override
  void park(Task<?> task) {
    handOn();
    acquire(task);
  }

  @Override
  void unpark(Task<?> task) {
    loop.scheduler.enqueue(task.step);
  }

  @Override
  void yieldNow(Task<?> task) {
    loop.scheduler.enqueue(task.step);
    park(task);
  }

  @Override
  void exit(Task<?> task) {
    handOn();
  }

  @Override
  void enterBlocking(Task<?> task, boolean mayHoldThread) {
    release();
  }

  @Override
  void exitBlocking(Task<?> task, boolean mayHoldThread) {
    loop.scheduler.enqueueFromAnyThread(task.step);
    acquire(task);
  }

  @Override
  void runDriver(Runnable driver) {
    if (Thread.currentThread().isVirtual()) {
      driver.run();
    } else {
      // hand-offs between virtual threads are far cheaper than waking a platform thread
      runIn(Thread.ofVirtual().name("jasyncio-loop"), driver);
    }
  }
}
