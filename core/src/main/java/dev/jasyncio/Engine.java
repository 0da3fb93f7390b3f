package dev.jasyncio;

/**
 * The moves a {@link Backend} makes for its loop. "On the loop" means on the loop's thread or in
 * the task that currently holds the loop; all loop state is touched only there.
 */
abstract class Engine {
  final Loop loop;
  /**
   * Tasks whose first step is scheduled and has not begun: none, and a thread whose task ended
   * has nothing to go on to (see {@link #nextOnThread}) without looking. Loop-only.
   */
  int firstStepsReady;

  static {
    endOneVirtualThread();
  }

  Engine(Loop loop) {
    this.loop = loop;
  }

  abstract Backend backend();

  /**
   * Starts one virtual thread and waits for it to end, once, before the first loop runs. The
   * JDK's {@code VirtualThread.run} loads the class of its thread-end event only when a virtual
   * thread first ends. A program whose tasks wait before any ends (1 M sleeps) gets that method
   * compiled while the class is still missing: the compiled code traps where the event is checked,
   * and every thread parked in it deoptimizes as it ends (measured: about 13 µs each, 13 s for a
   * million). A thread that has ended before makes the class loaded, and the compiled code plain.
   */
  private static void endOneVirtualThread() {
    try {
      // A JDK method as the body: a lambda of this class would wait for this initializer.
      Thread.startVirtualThread(Thread::onSpinWait).join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // only a warm-up: the caller's interrupt stands
    }
  }

  /** Creates a task's thread, unstarted; it runs {@link TaskStep#THREAD_BODY}. */
  abstract Thread newThread();

  /**
   * On the loop, as the task's first step begins: creates its thread. A task that has not run
   * yet holds no thread, so a program that creates many tasks before they run (a spawn of 200 k)
   * holds a fraction of the memory until they do, and the collector copies that much less.
   */
  final Thread createThread(Task<?> task) {
    return bind(newThread(), task);
  }

  /** As a task's first step begins: makes {@code t} (new, or an ended task's) its thread. */
  final Thread bind(Thread t, Task<?> task) {
    firstStepsReady--;
    t.setUncaughtExceptionHandler(task.step); // makes the thread name its task: Loop.context()
    t.setContextClassLoader(task.contextLoader()); // as if its creator had created it
    task.thread = t;
    return t;
  }

  /** On the task's thread, as its body starts: takes the loop. */
  void begin(Task<?> task) {}

  /** On the loop: schedules the task's first step, which creates its thread. */
  final void start(Task<?> task) {
    firstStepsReady++;
    loop.scheduler.enqueue(task.step);
  }

  /** On the task's thread: gives the loop back until {@link #unpark} schedules this task again. */
  abstract void park(Task<?> task);

  /** On the loop: schedules the next step of a parked task. */
  abstract void unpark(Task<?> task);

  /** On the task's thread: goes to the back of the ready queue. */
  abstract void yieldNow(Task<?> task);

  /** On the task's thread, as its body ends: gives the loop back for good. */
  abstract void exit(Task<?> task);

  /**
   * On the thread of a task whose body has ended, still holding the loop: the step of another
   * task this thread runs next (that task's first step, begun), or null to let the thread end.
   */
  TaskStep nextOnThread(TaskStep ended) {
    return null;
  }

  /**
   * On the task's thread: lets the loop run others while this thread blocks in a JDK call.
   * {@code mayHoldThread}: whether the call may hold the thread rather than park it.
   */
  abstract void enterBlocking(Task<?> task, boolean mayHoldThread);

  /** On the task's thread: takes the loop back after {@link #enterBlocking}. */
  abstract void exitBlocking(Task<?> task, boolean mayHoldThread);

  /** Runs the loop's driver on a thread this backend can use, and returns when it returns. */
  abstract void runDriver(Runnable driver);

  /** Runs one task step from the ready queue. */
  abstract void runStep(TaskStep step);

  /** The task a step belongs to, if known (debug reports). */
  abstract Task<?> taskOf(TaskStep step);

  /** Runs {@code driver} in a new thread of the given kind and waits for it. */
  static void runIn(Thread.Builder builder, Runnable driver) {
    Throwable[] failure = new Throwable[1];
    Thread t = builder.unstarted(() -> {
      try {
        driver.run();
      } catch (Throwable e) {
        failure[0] = e;
      }
    });
    t.start();
    boolean interrupted = false;
    while (true) {
      try {
        t.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (failure[0] instanceof RuntimeException r) {
      throw r;
    }
    if (failure[0] instanceof Error e) {
      throw e;
    }
  }
}
