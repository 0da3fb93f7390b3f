package dev.jasyncio;

import java.util.concurrent.locks.LockSupport;

/**
 * The portable backend: every task is a virtual thread on the JDK's default scheduler, and a run
 * permit lets one of them run at a time. The driver hands the permit to a task (its step) and
 * parks until the task hands it back by suspending or ending.
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
  Thread newThread(TaskStep step) {
    return builder.unstarted(step);
  }

  @Override
  void start(Task<?> task) {
    loop.scheduler.enqueue(task.step);
  }

  @Override
  void runStep(TaskStep step) {
    stepActive = true;
    step.permit = true;
    if (!step.threadStarted) {
      step.threadStarted = true;
      step.task.thread.start();
    } else {
      LockSupport.unpark(step.task.thread);
    }
    while (stepActive) {
      LockSupport.park(this);
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
    release();
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
    release();
  }

  @Override
  void enterBlocking(Task<?> task) {
    release();
  }

  @Override
  void exitBlocking(Task<?> task) {
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
