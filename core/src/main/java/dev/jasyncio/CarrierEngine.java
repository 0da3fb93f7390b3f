package dev.jasyncio;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.LockSupport;

/**
 * The carrier backend: every task is a virtual thread whose scheduler is this loop. The JDK hands
 * each continuation to {@link #execute}; the loop thread runs it, mounting the task until it parks.
 * The hook is {@code java.lang.ThreadBuilders$VirtualThreadBuilder(Executor)}, hidden in JDK 25;
 * move to the public custom-scheduler API when the JDK ships one.
 */
final class CarrierEngine extends Engine implements Executor {
  /** The JDK hooks, found once; null fields and a reason if the carrier backend cannot run. */
  private static final MethodHandle NEW_BUILDER;
  private static final Executor DEFAULT_SCHEDULER;
  private static final String UNAVAILABLE;
  /**
   * The JDK class whose {@code (Executor)} constructor is the hook. The property exists for the
   * test that names a class this JDK lacks, to see the backend refused as on a JDK without it.
   */
  private static final String BUILDER_CLASS = System.getProperty(
      "jasyncio.internal.carrierBuilderClass", "java.lang.ThreadBuilders$VirtualThreadBuilder");

  static {
    MethodHandle nb = null;
    Executor ds = null;
    String why = null;
    try {
      Class<?> c = Class.forName(BUILDER_CLASS);
      Constructor<?> k = c.getDeclaredConstructor(Executor.class);
      k.setAccessible(true);
      nb = MethodHandles.lookup().unreflectConstructor(k)
          .asType(MethodType.methodType(Object.class, Executor.class));
      Method m = Class.forName("java.lang.VirtualThread").getDeclaredMethod("defaultScheduler");
      m.setAccessible(true);
      ds = (Executor) m.invoke(null);
      why = startJdkPollersOffLoop();
    } catch (java.lang.reflect.InaccessibleObjectException e) {
      why = "it needs the JVM flag --add-opens java.base/java.lang=ALL-UNNAMED"
          + " (=dev.jasyncio on the module path)";
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      why = "this JDK lacks the virtual-thread internals it relies on (" + e + ")";
    }
    // without every hook no loop may use the carrier: a thread built off the loop would inherit
    // the loop as its scheduler and pin it
    NEW_BUILDER = why == null ? nb : null;
    DEFAULT_SCHEDULER = why == null ? ds : null;
    UNAVAILABLE = why;
  }

  /**
   * {@code Thread.threadLocals} and {@code inheritableThreadLocals}, read to see that a thread
   * whose task has ended carries nothing a next task could see; null if this JDK hides them
   * (then every task gets a new thread).
   */
  private static final VarHandle THREAD_LOCALS;
  private static final VarHandle INHERITABLE_THREAD_LOCALS;

  static {
    VarHandle locals = null;
    VarHandle inheritable = null;
    if (NEW_BUILDER != null) {
      String map = "java.lang.ThreadLocal$ThreadLocalMap";
      locals = ThreadFields.find("threadLocals", map);
      inheritable = ThreadFields.find("inheritableThreadLocals", map);
      if (locals == null || inheritable == null) {
        locals = inheritable = null; // no reuse: correct, only slower
      }
    }
    THREAD_LOCALS = locals;
    INHERITABLE_THREAD_LOCALS = inheritable;
  }

  private final Thread.Builder.OfVirtual builder;
  /** Debug only: which task a continuation belongs to, registered as each thread starts. */
  private final Map<Runnable, Task<?>> continuations;
  /** The task whose thread the loop is starting now, and the thread starting it. */
  private Task<?> starting;
  private Thread startingOn;
  /**
   * The task the loop is unparking or yielding now. The JDK hands its continuation to
   * {@link #execute} from inside that call, and the task's own step goes to the ready queue
   * instead of a new wrapper. Read without a lock: a foreign thread that sees it only compares
   * continuations, and a match is the same task either way.
   */
  private Task<?> handing;
  /**
   * The continuations of this loop's tasks inside {@link Async#blocking}: while the section
   * runs, its task's thread is carried by a thread of {@link Offload#blockingCarriers}, not by
   * the loop, so a call that holds its carrier (a read of a pipe or a slow file, a native call,
   * a long computation) does not hold the loop. Any thread may hand one to {@link #execute}.
   */
  private final ConcurrentHashMap<Runnable, Task<?>> blockingSections = new ConcurrentHashMap<>();
  /** The task yielding into its blocking section now; loop-only, like {@link #handing}. */
  private Task<?> entering;

  CarrierEngine(Loop loop) {
    super(loop);
    if (NEW_BUILDER == null) {
      throw new IllegalStateException("the carrier backend cannot run: " + UNAVAILABLE
          + " (or use Backend.PORTABLE)");
    }
    try {
      this.builder = ((Thread.Builder.OfVirtual) NEW_BUILDER.invoke((Executor) this))
          .inheritInheritableThreadLocals(false);
    } catch (Throwable e) {
      throw new IllegalStateException("cannot create the carrier backend's thread builder", e);
    }
    this.continuations = loop.debug ? new IdentityHashMap<>() : null;
  }

  /**
   * A builder of virtual threads on the JDK's default scheduler. In JDK 25 a virtual thread
   * created by another inherits its creator's scheduler, so a pool thread started from a task
   * would run on (and pin) the loop thread; threads meant to run off the loop are built here.
   * Without the carrier backend no loop is a scheduler, and a plain virtual builder is right.
   */
  static Thread.Builder.OfVirtual offLoopBuilder() {
    if (NEW_BUILDER == null) {
      return Thread.ofVirtual();
    }
    try {
      return (Thread.Builder.OfVirtual) NEW_BUILDER.invoke(DEFAULT_SCHEDULER);
    } catch (Throwable e) {
      throw new IllegalStateException("cannot build an off-loop virtual thread", e);
    }
  }

  /**
   * The JDK starts its socket pollers as virtual threads when sockets are first used; started
   * from a task they would inherit that loop as scheduler and stop when it closes, hanging every
   * later socket call. Start them from a platform thread first.
   *
   * @return null, or why the carrier backend cannot run
   */
  private static String startJdkPollersOffLoop() {
    PollerInit init = new PollerInit();
    Thread t = Thread.ofPlatform().daemon().start(init); // no lambda: class init
    try {
      t.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted while starting the JDK's socket pollers off the loop";
    }
    return init.failure == null ? null
        : "the JDK's socket pollers could not be started off the loop (" + init.failure + ")";
  }

  private static final class PollerInit implements Runnable {
    volatile Throwable failure;

    @Override
    public void run() {
      try {
        Class.forName("sun.nio.ch.Poller", true, null);
      } catch (Throwable e) {
        failure = e;
      }
    }
  }

  static boolean isAvailable() {
    return NEW_BUILDER != null;
  }

  /** Why the carrier backend cannot run here, or null if it can. */
  static String unavailableReason() {
    return UNAVAILABLE;
  }

  @Override
  Backend backend() {
    return Backend.CARRIER;
  }

  /** The JDK's scheduler hook: a continuation of one of this loop's tasks is ready to run. */
  @Override
  public void execute(Runnable continuation) {
    Task<?> t = handing;
    if (t != null && t.step.continuation == continuation) {
      handing = null;
      loop.scheduler.enqueue(t.step);
      return;
    }
    t = starting;
    // the JDK submits a new thread's first continuation from inside start(), on the loop, as
    // the task's first step begins (runStep): keep it, the step runs it at once
    if (t != null && t.step.continuation == null && Thread.currentThread() == startingOn) {
      t.step.continuation = continuation;
      if (continuations != null) {
        continuations.put(continuation, t);
      }
      return;
    }
    if (!blockingSections.isEmpty() && carriedOff(continuation)) {
      return;
    }
    // woken by the JDK itself (a timed park, a JDK lock or socket): the task is not known here
    loop.scheduler.enqueue(new TaskStep(continuation));
  }

  /**
   * Routes the continuation of a task in a blocking section: to a blocking carrier while the
   * section runs (its start, and any wake inside it), back to the loop as the task's own step
   * once it has ended. False if it is not one.
   */
  private boolean carriedOff(Runnable continuation) {
    Task<?> t = blockingSections.get(continuation);
    if (t == null) {
      return false;
    }
    if (t == entering) {
      // the section's start: the carrier takes it once the loop has ended the step that
      // yielded, so the task's accounting is the loop's alone until then
      entering = null;
      loop.callSoon(() -> Offload.blockingCarriers().execute(continuation));
    } else if (t.offLoop) {
      Offload.blockingCarriers().execute(continuation); // a wake inside the section
    } else {
      blockingSections.remove(continuation);
      loop.scheduler.enqueueFromAnyThread(t.step); // from the blocking carrier
    }
    return true;
  }

  @Override
  Thread newThread() {
    return builder.unstarted(TaskStep.THREAD_BODY);
  }

  /** Creates and starts the task's thread; the JDK hands its first continuation to execute. */
  private void startThread(Task<?> task) {
    Thread t = createThread(task);
    starting = task;
    startingOn = Thread.currentThread();
    try {
      t.start();
    } finally {
      starting = null;
      startingOn = null;
    }
  }

  @Override
  void park(Task<?> task) {
    LockSupport.park(task);
  }

  @Override
  void unpark(Task<?> task) {
    handing = task;
    LockSupport.unpark(task.thread);
  }

  @Override
  void yieldNow(Task<?> task) {
    handing = task; // the JDK submits the continuation from the carrier once it has unmounted
    Thread.yield();
  }

  @Override
  void exit(Task<?> task) {
    if (continuations != null && task.step.continuation != null) {
      continuations.remove(task.step.continuation);
    }
  }

  /**
   * A thread whose task has ended runs the next task if the batch's next item is a task's first
   * step: the step the loop would run next anyway, without a new thread, a mount and an unmount.
   * A spawn of many short tasks then runs them all on one thread. Only a clean thread goes on:
   * no thread-local values, no name, no interrupt, so the next task can tell it from a new
   * thread by its identity alone. The order of steps is the batch's either way.
   */
  @Override
  TaskStep nextOnThread(TaskStep ended) {
    Runnable c = ended.continuation;
    ended.continuation = null; // it holds the thread: a done task keeps none
    Thread t = Thread.currentThread();
    if (c == null || firstStepsReady == 0 || THREAD_LOCALS == null
        || THREAD_LOCALS.get(t) != null || INHERITABLE_THREAD_LOCALS.get(t) != null
        || t.isInterrupted() || !t.getName().isEmpty()) {
      return null;
    }
    TaskStep next = loop.scheduler.handOn(true);
    if (next == null) {
      return null;
    }
    next.continuation = c;
    if (continuations != null) {
      continuations.put(c, next.task);
    }
    bind(t, next.task);
    return next;
  }

  /**
   * The task leaves the loop for its blocking section: it yields, and {@link #execute} hands its
   * continuation to a blocking carrier, where the section then runs; the loop goes on with its
   * other tasks. A thread that cannot yield (pinned by a native frame) runs the section on the
   * loop instead, holding it. A call that only parks needs none of it: parking suspends just
   * its task.
   */
  @Override
  void enterBlocking(Task<?> task, boolean mayHoldThread) {
    if (!mayHoldThread) {
      return;
    }
    blockingSections.put(task.step.continuation, task);
    handing = null; // the yield's continuation is for a carrier, not the ready queue
    entering = task;
    Thread.yield();
    if (entering == task) { // it could not yield (execute clears it): still on the loop
      entering = null;
    }
  }

  /**
   * On the blocking carrier: the section is over, the task yields again and {@link #execute}
   * readies its step on the loop, which mounts it there. The blocking carriers are plain
   * threads, not the JDK's {@code CarrierThread}s, so the JDK hands this yield to
   * {@link #execute} rather than to its own pool.
   */
  @Override
  void exitBlocking(Task<?> task, boolean mayHoldThread) {
    if (!mayHoldThread) {
      return;
    }
    task.offLoop = false; // execute routes the yield back to the loop
    Thread.yield();
    blockingSections.remove(task.step.continuation); // if it could not yield: it never left
  }

  @Override
  void runDriver(Runnable driver) {
    if (Thread.currentThread().isVirtual()) {
      // a virtual thread cannot carry others: drive from a platform thread
      runIn(Thread.ofPlatform().name("jasyncio-loop"), driver);
      return;
    }
    // mounting a task resets the carrier's interrupt flag to the task's: keep the caller's
    boolean interrupted = Thread.interrupted();
    try {
      driver.run();
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  void runStep(TaskStep step) {
    if (step.continuation == null) {
      startThread(step.task); // the task's first step
    }
    step.continuation.run();
  }

  @Override
  Task<?> taskOf(TaskStep step) {
    if (step.task != null) {
      return step.task;
    }
    return continuations == null ? null : continuations.get(step.continuation);
  }
}
