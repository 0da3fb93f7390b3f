package dev.jasyncio;

import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * An event loop: asyncio's {@code AbstractEventLoop}. It runs its tasks one at a time on one
 * carrier; a task runs until it suspends (awaits, sleeps, waits on a primitive or, on the
 * {@link Backend#CARRIER carrier} backend, parks in a JDK call), then the loop runs the next ready
 * task or callback. Code between two suspension points never races with other tasks of the same
 * loop.
 *
 * <p>Most programs never touch a loop: {@link Async#run(Callable)} makes one, runs the main task
 * and closes it. Build one yourself to choose a backend, a clock or debug mode, or to run it
 * several times:
 *
 * <pre>{@code
 * try (Loop loop = Loop.builder().clock(Clock.virtual()).debug(true).build()) {
 *   String r = loop.runUntilComplete(() -> {
 *     Async.sleep(Duration.ofSeconds(5));
 *     return "done at " + Async.currentLoop().time();
 *   });
 * }
 * }</pre>
 *
 * <p>Loop methods must be called on the loop (from its tasks and callbacks) unless they say they
 * are thread-safe; while the loop is not running they may also be called from the thread that
 * owns it (the one that built it or last ran it). Any other thread gets an
 * {@link IllegalStateException} that points to {@link #callSoonThreadsafe} and {@link #submit}.
 */
public final class Loop implements AutoCloseable {
  /** The loop, on the thread that drives it (a task's thread names its task: see context()). */
  private static final ThreadLocal<Loop> DRIVING = new ThreadLocal<>();
  /**
   * {@code Thread.uncaughtExceptionHandler}, read directly where java.lang is open to us (the
   * carrier backend needs it anyway): the public getter first asks whether the thread has
   * terminated, a switch on a virtual thread's state, on every {@link #context()}. Null: use it.
   */
  private static final VarHandle HANDLER =
      ThreadFields.find("uncaughtExceptionHandler", "java.lang.Thread$UncaughtExceptionHandler");
  /** Backends debug mode has named in the log already. */
  private static final Set<Backend> ANNOUNCED = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private static final java.util.concurrent.atomic.AtomicLong LOOPS = new java.util.concurrent.atomic.AtomicLong();

  private static final int NEW = 0;
  private static final int RUNNING = 1;
  private static final int IDLE = 2;
  private static final int CLOSED = 3;

  final Engine engine;
  final Clock clock;
  final boolean debug;
  /** Ready queue, timers, inbox and the idle wait: the loop's engine room. */
  final Scheduler scheduler;
  private volatile ExceptionHandler exceptionHandler;
  private volatile int state = NEW;
  private boolean stopRequested;
  /** The thread that built the loop or last ran it: it may use the loop while it is not running. */
  private volatile Thread owner = Thread.currentThread();
  /** close() has begun: submit fails, and tasks that start from now on are cancelled. */
  private volatile boolean closing;

  // Task bookkeeping; loop-only.
  private long taskCounter;
  private final String name;
  /** The tasks not done yet. */
  final LiveTasks live = new LiveTasks();
  /** Tasks in {@link Completions#cancelAndJoin}, and what each waits for. Loop-only. */
  final Map<Task<?>, Collection<? extends Promise<?>>> joins = new IdentityHashMap<>();
  /** Failures nobody retrieved yet, by their reports (which do not keep the promises alive). */
  private final Set<Unretrieved> unretrieved = new LinkedHashSet<>();
  /** The task monitor serving this loop, or null. */
  final TaskMonitor taskMonitor;
  /** The profile being taken of this loop ({@link Async#profile}), or null; loop-only. */
  Profiler profiler;
  /** Slow-step and busy-wake warnings; null if turned off. */
  final LoopWatchdog watchdog;
  /**
   * The context class loader of the thread that built the loop: the one its tasks' threads run
   * with unless their creator's was another (then the task keeps that one).
   */
  final ClassLoader usualLoader = Thread.currentThread().getContextClassLoader();

  private Loop(Builder b) {
    this.name = b.name != null ? b.name : "Loop-" + LOOPS.incrementAndGet();
    this.debug = b.debug;
    this.clock = b.clock == null ? Clock.system() : b.clock;
    long slowStepNanos = b.slowCallbackDuration != null ? b.slowCallbackDuration.toNanos()
        : b.debug ? 100_000_000L : Builder.slowCallbackDurationFromProperty();
    this.exceptionHandler = b.exceptionHandler == null ? ExceptionHandler.logging() : b.exceptionHandler;
    Backend backend = b.backend == null ? Backend.defaultBackend() : b.backend;
    if (backend == Backend.CARRIER && !Backend.CARRIER.isAvailable()) {
      throw new IllegalStateException("the carrier backend cannot run: "
          + CarrierEngine.unavailableReason() + "; without it use Backend.PORTABLE");
    }
    this.engine = backend == Backend.CARRIER ? new CarrierEngine(this) : new PortableEngine(this);
    if (clock instanceof VirtualClock v) {
      v.bind(this);
    }
    this.watchdog = b.watchdog ? new LoopWatchdog(this, slowStepNanos, debug) : null;
    this.scheduler = new Scheduler(this, engine,
        b.scheduleSeed == null ? ReadyQueue.fifo() : ReadyQueue.seeded(b.scheduleSeed), watchdog);
    this.taskMonitor = TaskMonitor.forLoop(this, b.monitorHost, b.monitorPort);
    if (debug && ANNOUNCED.add(backend)) { // once per backend, not once per loop: tests make many
      System.Logger log = System.getLogger("dev.jasyncio");
      if (backend == Backend.PORTABLE && !Backend.CARRIER.isAvailable()) {
        log.log(System.Logger.Level.INFO, "jasyncio debug: portable backend, because the carrier"
            + " backend needs --add-opens java.base/java.lang=ALL-UNNAMED");
      } else {
        log.log(System.Logger.Level.INFO, "jasyncio debug: " + backend.name().toLowerCase() + " backend");
      }
    }
  }

  /**
   * A builder for a loop with a chosen backend, clock, debug mode or exception handler.
   *
   * @return a new builder with the defaults
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Configures a {@link Loop}. */
  public static final class Builder {
    private Backend backend;
    private Clock clock;
    private boolean debug = debugFromEnvironment();
    private ExceptionHandler exceptionHandler;
    /** Null: the property's, or the mode's default. */
    private Duration slowCallbackDuration;
    private boolean watchdog = !"false".equals(System.getProperty("jasyncio.watchdog"));
    private Long scheduleSeed;
    private String name;
    private String monitorHost;
    private int monitorPort = -1;

    private Builder() {}

    /**
     * Serves the task monitor for this loop on {@code 127.0.0.1:port} (aiomonitor's role): connect
     * with {@code ./jasyncio monitor PORT} to list tasks ({@code ps}), see a task's live stack
     * ({@code where ID}), cancel one, and see locks and queues with their waiters. It answers from
     * its own thread, also while a task holds the loop. A connection must first present the token
     * the monitor writes to a file only this user can read; the startup log names the file.
     * Without this, {@code -Djasyncio.monitor=PORT} gives every loop a monitor. Loops with the
     * same port share one monitor; it closes with the last of them.
     *
     * <pre>{@code
     * Loop.builder().monitor(5050).run(() -> server.serveForever());
     * // elsewhere: ./jasyncio monitor 5050 ps
     * }</pre>
     *
     * @param port the TCP port, or 0 for any free one
     * @return this builder
     * @throws IllegalArgumentException if the port is out of range
     */
    public Builder monitor(int port) {
      return monitor("127.0.0.1", port);
    }

    /**
     * {@link #monitor(int)} on a chosen loopback address: {@code 127.0.0.1}, {@code ::1} or
     * {@code localhost}. Any other address is refused: whoever reaches the monitor may cancel
     * tasks.
     *
     * @param host a loopback address
     * @param port the TCP port, or 0 for any free one
     * @return this builder
     * @throws IllegalArgumentException if {@code host} is not a loopback address, or the port is
     *     out of range
     */
    public Builder monitor(String host, int port) {
      TaskMonitor.loopbackAddress(Objects.requireNonNull(host, "host"));
      TaskMonitor.checkPort(port);
      this.monitorHost = host;
      this.monitorPort = port;
      return this;
    }

    /**
     * The loop's name, shown by {@link Loop#toString()} and in errors such as
     * {@link WrongLoopException}; {@code Loop-N} by default.
     *
     * @param name the name
     * @return this builder
     */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * The backend; by default {@link Backend#defaultBackend()}.
     *
     * @param backend the backend
     * @return this builder
     */
    public Builder backend(Backend backend) {
      this.backend = Objects.requireNonNull(backend, "backend");
      return this;
    }

    /**
     * The clock; by default {@link Clock#system()}.
     *
     * @param clock the clock, such as {@link Clock#virtual()}
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Debug mode: slow steps are reported, task creation stacks are kept for reports. Defaults
     * to on when {@code -Djasyncio.debug=true} or the environment has {@code JASYNCIO_DEBUG=1}.
     *
     * @param debug whether to debug
     * @return this builder
     */
    public Builder debug(boolean debug) {
      this.debug = debug;
      return this;
    }

    /**
     * Where reports go; by default {@link ExceptionHandler#logging()}.
     *
     * @param handler the handler
     * @return this builder
     */
    public Builder exceptionHandler(ExceptionHandler handler) {
      this.exceptionHandler = Objects.requireNonNull(handler, "handler");
      return this;
    }

    /**
     * A task step or callback that holds the loop longer than this is reported through the
     * exception handler with the task and the stack where it was stuck, and recorded as a JFR
     * event (asyncio's {@code slow_callback_duration}, which jasyncio checks outside debug mode
     * too). By default 1 s, 100 ms in debug mode, or {@code -Djasyncio.slowCallbackDuration=MS}
     * (milliseconds) for every loop not in debug mode. Outside debug mode the warnings are
     * rate-limited to one per loop every 10 s and a duration is measured to within an eighth of
     * the threshold; debug mode times every step and reports every slow one.
     *
     * @param threshold a positive duration
     * @return this builder
     */
    public Builder slowCallbackDuration(Duration threshold) {
      Objects.requireNonNull(threshold, "threshold");
      if (threshold.isNegative() || threshold.isZero()) {
        throw new IllegalArgumentException("slowCallbackDuration must be positive: " + threshold);
      }
      this.slowCallbackDuration = threshold;
      return this;
    }

    /**
     * Whether the loop's watchdog runs: the slow-step warnings (see
     * {@link #slowCallbackDuration(Duration)}), the warning for a task that wakes itself in a
     * tight loop (10,000 zero sleeps or yields in a row within a second, with no other wait in
     * between), and the JFR events {@code jasyncio.SlowStep} and {@code jasyncio.LoopStall}. On by
     * default; {@code -Djasyncio.watchdog=false} turns it off for every loop.
     *
     * @param on whether to watch
     * @return this builder
     */
    public Builder watchdog(boolean on) {
      this.watchdog = on;
      return this;
    }

    /** {@code -Djasyncio.slowCallbackDuration} in nanoseconds, 1 s if unset. */
    static long slowCallbackDurationFromProperty() {
      String p = System.getProperty("jasyncio.slowCallbackDuration");
      if (p == null || p.isBlank()) {
        return 1_000_000_000L;
      }
      try {
        long ms = Long.parseLong(p.strip());
        if (ms > 0) {
          return ms * 1_000_000L;
        }
      } catch (NumberFormatException e) {
        // named below
      }
      throw new IllegalArgumentException(
          "-Djasyncio.slowCallbackDuration must be a positive number of milliseconds, not '" + p + "'");
    }

    /**
     * {@link #slowCallbackDuration(Duration)} in seconds.
     *
     * @param threshold a positive number of seconds
     * @return this builder
     */
    public Builder slowCallbackDuration(double threshold) {
      return slowCallbackDuration(Async.seconds(threshold, "slowCallbackDuration"));
    }

    /**
     * Runs tasks that are ready at the same moment in an order drawn from this seed instead of
     * first-in-first-out, to explore interleavings. The same seed gives the same schedule.
     * Callbacks keep their order.
     *
     * @param seed the seed
     * @return this builder
     */
    public Builder scheduleSeed(long seed) {
      this.scheduleSeed = seed;
      return this;
    }

    /**
     * Builds the loop. It does not run until asked to.
     *
     * @return a new loop
     */
    public Loop build() {
      return new Loop(this);
    }

    /**
     * Builds the loop, runs {@code main} on it and closes it: exactly what {@link Async#run}
     * does (the first SIGINT cancels main; pending tasks are cancelled and awaited; failures
     * nobody retrieved are reported), with this builder's options.
     *
     * <pre>{@code
     * String r = Loop.builder().clock(Clock.virtual()).debug(true).run(() -> {
     *   Async.sleep(3600);           // an hour of virtual time, at once
     *   return "done";
     * });
     * }</pre>
     *
     * @param main the main task's body
     * @param <T> the result type
     * @return main's result
     * @throws CancelledException if main was cancelled
     * @throws IllegalStateException if called from a running loop
     */
    public <T> T run(Callable<T> main) {
      return Async.run(this, main);
    }

    /**
     * {@link #run(Callable)} for a main that returns nothing.
     *
     * @param main the main task's body
     */
    public void run(ThrowingRunnable main) {
      Async.run(this, Async.callable(main));
    }

    private static boolean debugFromEnvironment() {
      if (Boolean.getBoolean("jasyncio.debug")) {
        return true;
      }
      String env = System.getenv("JASYNCIO_DEBUG");
      return env != null && !env.isEmpty() && !env.equals("0");
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Running

  /**
   * Runs {@code main} as a task and runs the loop until it is done; asyncio's
   * {@code run_until_complete}. Other tasks keep their state for the next run or for
   * {@link #close()}.
   *
   * @param main the main task's body
   * @param <T> the result type
   * @return main's result
   * @throws CancelledException if main was cancelled
   * @throws java.util.concurrent.CompletionException wrapping a checked exception main threw; an
   *     unchecked one is rethrown as is
   * @throws LoopClosedException if the loop is closed
   * @throws IllegalStateException if the loop is already running
   */
  public <T> T runUntilComplete(Callable<T> main) {
    Objects.requireNonNull(main, "main");
    checkCanRun();
    Task<T> task = createTask(main, null);
    return runUntilComplete(task);
  }

  /**
   * {@link #runUntilComplete(Callable)} for a main that returns nothing.
   *
   * @param main the main task's body
   */
  public void runUntilComplete(ThrowingRunnable main) {
    runUntilComplete(Async.callable(main));
  }

  /**
   * Runs the loop until {@code promise} is done and returns its result.
   *
   * @param promise a promise or task of this loop
   * @param <T> the result type
   * @return the result
   * @throws CancelledException if the promise was cancelled
   */
  public <T> T runUntilComplete(Promise<T> promise) {
    Objects.requireNonNull(promise, "promise");
    if (promise.loop != this) {
      throw WrongLoopException.of("runUntilComplete", promise, promise.loop, this);
    }
    checkCanRun();
    drive(promise::isDone);
    return promise.resultRetrieved();
  }

  /**
   * Runs the loop until {@link #stop()} is called; asyncio's {@code run_forever}.
   *
   * @throws LoopClosedException if the loop is closed
   */
  public void runForever() {
    checkCanRun();
    stopRequested = false;
    drive(() -> stopRequested);
  }

  /** Makes {@link #runForever()} return after the current batch. Thread-safe. */
  public void stop() {
    if (isOnLoop()) {
      stopRequested = true;
    } else {
      callSoonThreadsafe(() -> stopRequested = true);
    }
  }

  /**
   * Whether the loop is running now.
   *
   * @return true while a run method is on the stack
   */
  public boolean isRunning() {
    return state == RUNNING;
  }

  /**
   * Whether {@link #close()} has run.
   *
   * @return true once closed
   */
  public boolean isClosed() {
    return state == CLOSED;
  }

  /**
   * Closes the loop: cancels every task still pending and runs the loop until they have finished,
   * reports failures nobody retrieved through the exception handler, then drops pending timers.
   * {@code asyncio.run}'s shutdown. Does nothing if already closed.
   *
   * @throws IllegalStateException if called while the loop runs
   */
  @Override
  public void close() {
    if (state == CLOSED) {
      return;
    }
    if (state == RUNNING) {
      throw new IllegalStateException("cannot close a running loop; call it after the run returns");
    }
    owner = Thread.currentThread(); // close may follow a run on another thread (after a join)
    closing = true; // from now on submit fails, and every task that starts is cancelled
    try {
      if (live.size > 0 || scheduler.hasReadyWork()) {
        List<Task<?>> left = allTasks();
        if (debug) { // a task nobody awaited loses its work here: say which, and where it began
          for (Task<?> t : left.reversed()) {
            if (t.cancelling() == 0) { // one already cancelled is finishing its cleanup
              callExceptionHandler(new ExceptionContext(ExceptionContext.PENDING_AT_CLOSE, null, t, t.createdAt()));
            }
          }
        }
        for (Task<?> t : left) {
          t.cancel();
        }
        drive(this::cancelNewcomersUntilNoneIsLeft);
      }
      for (Unretrieved u : new ArrayList<>(unretrieved)) {
        u.report(); // what the garbage collector has not reported yet
      }
      unretrieved.clear();
    } finally {
      state = CLOSED;
      scheduler.clear();
      failInbox();
      if (taskMonitor != null) {
        taskMonitor.detach(this);
      }
    }
  }

  /**
   * The shutdown's stop condition, checked after every iteration: a task that started while
   * closing (created in a cancelled task's {@code finally}, or handed in by submit before close)
   * is cancelled once it has run its first step, until no task is left.
   */
  private boolean cancelNewcomersUntilNoneIsLeft() {
    for (Task<?> t : live.matching(t -> t.cancelling() == 0 && t.hasStarted())) {
      t.cancel("the loop is closing");
    }
    return live.size == 0 && !scheduler.hasReadyWork();
  }

  private void checkCanRun() {
    if (state == CLOSED) {
      throw new LoopClosedException("the loop is closed; create a new one");
    }
    if (state == RUNNING) {
      throw new IllegalStateException("the loop is already running");
    }
    if (context() != null) {
      throw new IllegalStateException("cannot run a loop from inside a running loop:"
          + " create a task and await it instead");
    }
    owner = Thread.currentThread(); // the thread that runs a loop owns it while it is idle
  }

  /** Runs the loop on a thread the backend can use until {@code done} holds after a batch. */
  private void drive(BooleanSupplier done) {
    owner = Thread.currentThread();
    state = RUNNING;
    try {
      engine.runDriver(() -> scheduler.runUntil(done));
    } finally {
      if (state == RUNNING) {
        state = IDLE;
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Scheduling

  /**
   * The task (on a task's thread while its body runs) or the loop (on its driver thread) the
   * calling thread belongs to, or null. A task's thread has the task's {@link TaskStep} as its
   * uncaught-exception handler, a field of the thread: every task is found without a
   * {@code ThreadLocal}, whose map would be allocated for each task's new thread.
   */
  static Object context() {
    Thread me = Thread.currentThread();
    // the calling thread is running, so it has not terminated: the field is what the getter returns
    Object h = HANDLER != null ? HANDLER.get(me) : me.getUncaughtExceptionHandler();
    if (h instanceof TaskStep s) {
      return s.task;
    }
    return DRIVING.get();
  }

  /** On the driver thread, as a run starts and ends. */
  static void driving(Loop loop) {
    if (loop != null) {
      DRIVING.set(loop);
    } else {
      DRIVING.remove();
    }
  }

  /** Whether the calling thread holds this loop now. */
  boolean isOnLoop() {
    Object c = context();
    return c == this || (c instanceof Task<?> t && t.loop == this && !t.offLoop);
  }

  /**
   * Whether the calling thread may touch loop state now: it holds the loop, or the loop is not
   * running and this is its owner thread (the one that built it or last ran it).
   */
  boolean mayTouch() {
    return isOnLoop() || (state != RUNNING && Thread.currentThread() == owner);
  }

  /** Loop-only methods run on the loop, or while it is not running from its owner thread. */
  void checkOnLoop(String what) {
    if (state == CLOSED) {
      throw new LoopClosedException(what + ": the loop is closed");
    }
    checkOwner(what);
  }

  private void checkOwner(String what) {
    if (!mayTouch()) {
      Object c = context();
      if (c instanceof Task<?> t && t.loop != this) {
        throw WrongLoopException.of(what, "this call", this, t.loop);
      }
      Thread o = owner;
      throw new IllegalStateException(what + " must be called on the loop"
          + (state == RUNNING ? "" : ", or while it is not running from its owner thread '"
              + (o == null ? "?" : o.getName()) + "'")
          + "; from thread '" + Thread.currentThread().getName()
          + "' use callSoonThreadsafe or submit");
    }
  }

  /**
   * Schedules {@code callback} to run on the loop soon, after the callbacks and tasks already
   * ready; asyncio's {@code call_soon}. Callbacks run in the order they were scheduled.
   *
   * @param callback what to run; an exception it throws goes to the exception handler
   * @return a handle that can cancel it
   */
  public Handle callSoon(Runnable callback) {
    Objects.requireNonNull(callback, "callback");
    checkOnLoop("callSoon");
    Handle h = new Handle(this, callback);
    scheduler.ready.add(h);
    return h;
  }

  /**
   * Schedules {@code callback} from any thread; asyncio's {@code call_soon_threadsafe}.
   *
   * @param callback what to run on the loop
   * @return a handle that can cancel it
   * @throws LoopClosedException if the loop is closed
   */
  public Handle callSoonThreadsafe(Runnable callback) {
    return handIn(callback, true);
  }

  /** {@link #callSoonThreadsafe}; with {@code wake} false from another thread, without a wake. */
  private Handle handIn(Runnable callback, boolean wake) {
    Objects.requireNonNull(callback, "callback");
    if (state == CLOSED) {
      throw new LoopClosedException("callSoonThreadsafe: the loop is closed");
    }
    Handle h = new Handle(this, callback);
    if (wake || isOnLoop()) {
      scheduler.enqueue(h);
    } else {
      scheduler.enqueueQuietly(h);
    }
    return h;
  }

  /** Like {@link #callSoonThreadsafe} for internal completions: false if the loop is closed. */
  boolean postFromAnyThread(Runnable callback) {
    if (state == CLOSED) {
      return false;
    }
    scheduler.enqueue(new Handle(this, callback));
    return true;
  }

  /**
   * Schedules {@code callback} after {@code delay} of the loop's clock; asyncio's
   * {@code call_later}. Callbacks due at the same time run in the order they were scheduled.
   *
   * @param delay how long from now, not negative
   * @param callback what to run
   * @return a handle that can cancel it
   * @throws IllegalArgumentException if {@code delay} is negative
   */
  public TimerHandle callLater(Duration delay, Runnable callback) {
    Objects.requireNonNull(delay, "delay");
    Objects.requireNonNull(callback, "callback");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("negative delay: " + delay);
    }
    checkOnLoop("callLater");
    return scheduleTimer(Nanos.of(delay), callback);
  }

  /**
   * {@link #callLater(Duration, Runnable)} with the delay in seconds, as asyncio writes
   * {@code loop.call_later(0.5, f)}.
   *
   * @param delay how long from now, in seconds, not negative
   * @param callback what to run
   * @return a handle that can cancel it
   */
  public TimerHandle callLater(double delay, Runnable callback) {
    return callLater(Async.seconds(delay, "delay"), callback);
  }

  /**
   * Schedules {@code callback} at a point of {@link #time()}; asyncio's {@code call_at}. A time
   * in the past runs it on the next iteration.
   *
   * @param when the loop time, in seconds
   * @param callback what to run
   * @return a handle that can cancel it
   * @throws IllegalArgumentException if {@code when} is not a finite number
   */
  public TimerHandle callAt(double when, Runnable callback) {
    Objects.requireNonNull(callback, "callback");
    if (!Double.isFinite(when)) {
      throw new IllegalArgumentException("callAt needs a finite time, not " + when);
    }
    checkOnLoop("callAt");
    return scheduler.scheduleTimerAt(Nanos.fromSeconds(when, "callAt time"), callback);
  }

  TimerHandle scheduleTimer(long delayNanos, Runnable callback) {
    return scheduler.scheduleTimer(delayNanos, callback);
  }

  void timerCancelled(TimerHandle h) {
    if (mayTouch()) {
      scheduler.removeTimer(h);
    } else if (state != CLOSED) {
      scheduler.enqueueFromAnyThread(new Handle(this, () -> scheduler.removeTimer(h)));
    }
  }

  /**
   * The loop's time in seconds, from its clock; asyncio's {@code loop.time()}.
   *
   * @return the time now
   */
  public double time() {
    return Nanos.toSeconds(clock.nanoTime());
  }

  /**
   * The loop's clock.
   *
   * @return the clock every deadline of this loop reads
   */
  public Clock clock() {
    return clock;
  }

  /**
   * The loop's name: the builder's, or {@code Loop-N}.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * The backend this loop runs on.
   *
   * @return the backend
   */
  public Backend backend() {
    return engine.backend();
  }

  /**
   * Whether debug mode is on.
   *
   * @return true in debug mode
   */
  public boolean isDebug() {
    return debug;
  }

  /**
   * The number of timers pending (cancelled ones are gone at once).
   *
   * @return pending timers
   */
  public int pendingTimers() {
    return scheduler.timers.size();
  }

  // ---------------------------------------------------------------------------------------------
  // Tasks and promises

  /**
   * Starts {@code body} as a task of this loop; asyncio's {@code loop.create_task}. It runs when
   * the loop reaches it, not before this returns.
   *
   * @param body the task's body
   * @param name the task's name, or {@code null} for {@code Task-N}
   * @param <T> the result type
   * @return the task
   */
  public <T> Task<T> createTask(Callable<T> body, String name) {
    return newTask(Objects.requireNonNull(body, "body"), name);
  }

  /** Creates and starts a task; {@code body} as {@link Task#body} holds it. */
  <T> Task<T> newTask(Object body, String name) {
    checkOnLoop("createTask");
    Task<T> t = new Task<>(this, body, ++taskCounter, name);
    if (debug) {
      t.createdAt(new Throwable().getStackTrace());
    }
    Task<?> parent = Task.current();
    t.inheritFrom(parent != null && parent.loop == this ? parent : null);
    t.step = new TaskStep(t);
    t.contextLoader(Thread.currentThread().getContextClassLoader()); // for its thread, made later
    t.step.parent(parent);
    live.add(t);
    if (EventRelay.mayRecord()) {
      TaskStartEvent.emit(t);
    }
    engine.start(t);
    return t;
  }

  /**
   * Starts {@code body} as a task with a generated name.
   *
   * @param body the task's body
   * @param <T> the result type
   * @return the task
   */
  public <T> Task<T> createTask(Callable<T> body) {
    return createTask(body, null);
  }

  /**
   * Starts a task whose body returns nothing.
   *
   * @param body the task's body
   * @param name the task's name, or {@code null} for {@code Task-N}
   * @return the task
   */
  public Task<Void> createTask(ThrowingRunnable body, String name) {
    return newTask(Task.voidBody(body), name);
  }

  /**
   * Starts a task whose body returns nothing, with a generated name.
   *
   * @param body the task's body
   * @return the task
   */
  public Task<Void> createTask(ThrowingRunnable body) {
    return newTask(Task.voidBody(body), null);
  }

  void taskDone(Task<?> t) {
    live.remove(t);
    if (EventRelay.mayRecord()) {
      TaskEndEvent.emit(t);
    }
    if (profiler != null) {
      profiler.taskEnded(t);
    }
  }

  /**
   * A new pending promise of this loop; asyncio's {@code loop.create_future()}.
   *
   * @param <T> the result type
   * @return a new promise
   */
  public <T> Promise<T> createPromise() {
    checkOnLoop("createPromise");
    return new Promise<>(this);
  }

  /**
   * The tasks of this loop that are not done yet; asyncio's {@code all_tasks}.
   *
   * @return a snapshot, newest first
   */
  public List<Task<?>> allTasks() {
    return live.snapshot();
  }

  /**
   * Runs {@code body} as a task of this loop from any thread; asyncio's
   * {@code run_coroutine_threadsafe}. The loop must be running, or run later, for it to start.
   * Cancelling the returned future cancels the task.
   *
   * @param body the task's body
   * @param <T> the result type
   * @return a future completed with the task's outcome
   * @throws LoopClosedException if the loop is closed or closing
   */
  public <T> CompletableFuture<T> submit(Callable<T> body) {
    return submit(body, true);
  }

  /**
   * {@link #submit(Callable)}; with {@code wake} false from another thread, the loop is not woken
   * (its scheduler's {@code wakeup} follows): {@code LoopGroup.run} queues every main before it
   * wakes any loop.
   */
  <T> CompletableFuture<T> submit(Callable<T> body, boolean wake) {
    Objects.requireNonNull(body, "body");
    if (closing) {
      throw new LoopClosedException("submit: the loop is closing");
    }
    Submission<T> s = new Submission<>(this, body);
    handIn(s, wake);
    if (state == CLOSED) {
      failInbox(); // closed while we queued: nothing may wait forever
    }
    return s.future;
  }

  /**
   * {@link #submit(Callable)} for a body that returns nothing.
   *
   * @param body the task's body
   * @return a future completed when the task ends
   */
  public CompletableFuture<Void> submit(ThrowingRunnable body) {
    return submit(Async.callable(body));
  }

  private void failInbox() {
    ReadyItem item;
    while ((item = scheduler.pollInbox()) != null) {
      if (item instanceof Handle h && h.callback() instanceof Submission<?> s) {
        s.future.completeExceptionally(new LoopClosedException("the loop closed before the task ran"));
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Reports

  /**
   * Sets where reports go; asyncio's {@code set_exception_handler}.
   *
   * @param handler the new handler
   */
  public void setExceptionHandler(ExceptionHandler handler) {
    this.exceptionHandler = Objects.requireNonNull(handler, "handler");
  }

  /**
   * The current exception handler.
   *
   * @return the handler
   */
  public ExceptionHandler getExceptionHandler() {
    return exceptionHandler;
  }

  /**
   * Reports {@code context} through the exception handler; asyncio's
   * {@code call_exception_handler}. A handler that throws is logged, never propagated.
   *
   * @param context the report
   */
  public void callExceptionHandler(ExceptionContext context) {
    try {
      exceptionHandler.handle(this, context);
    } catch (Throwable t) {
      System.getLogger("dev.jasyncio").log(System.Logger.Level.ERROR,
          "exception handler failed on: " + context.describe(), t);
    }
  }

  /** A promise failed and nobody has retrieved the failure yet. */
  Unretrieved trackUnretrieved(Promise<?> p) {
    Unretrieved u = new Unretrieved(this, p);
    unretrieved.add(u);
    return u;
  }

  void retrieved(Unretrieved u) {
    unretrieved.remove(u);
    u.retrieved();
  }

  void forgetUnretrieved(Unretrieved u) {
    unretrieved.remove(u);
  }

  void externalStarted() {
    scheduler.externalStarted();
  }

  void externalFinished() {
    scheduler.externalFinished();
  }

  /** The live tasks, read from any thread: exact on the loop, possibly partial elsewhere. */
  List<Task<?>> liveTasksRacy() {
    return live.snapshotRacy();
  }

  String stateName() {
    return switch (state) {
      case NEW -> "new";
      case RUNNING -> "running";
      case IDLE -> "idle";
      default -> "closed";
    };
  }

  @Override
  public String toString() {
    String s = stateName();
    return "Loop['" + name + "', " + engine.backend().name().toLowerCase() + ", " + s + ", tasks=" + live.size
        + (debug ? ", debug]" : "]");
  }
}
