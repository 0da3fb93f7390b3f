package dev.jasyncio;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * The entry points: asyncio's module-level functions. A program starts a loop with
 * {@link #run(Callable)}; inside it, tasks are started with {@link #createTask(Callable)} and
 * awaited with {@link Task#await()}; {@link #sleep(Duration)} and every other wait suspends only
 * the calling task.
 *
 * <pre>{@code
 * Async.run(() -> {
 *   Task<Void> a = Async.createTask(() -> { Async.sleep(Duration.ofSeconds(1)); System.out.println("a"); });
 *   Task<Void> b = Async.createTask(() -> { Async.sleep(Duration.ofSeconds(1)); System.out.println("b"); });
 *   a.await();
 *   b.await(); // both done after one second, not two
 * });
 * }</pre>
 *
 * <h2>Overloads</h2>
 * Every method that takes a relative time takes it as a {@link Duration} or as {@code double}
 * seconds ({@code Async.sleep(0.5)}, as the tutorials write {@code asyncio.sleep(0.5)}), and the
 * time comes first, before the tasks or the body it bounds. Every method that takes a body takes
 * a {@link Callable} (its value is returned) or a {@link ThrowingRunnable} (returns nothing).
 * A list of bodies becomes a list of tasks with {@link #createTasks}, which every combinator takes.
 *
 * <h2>Exceptions</h2>
 * Whoever awaits work sees the exception the work threw: an unchecked exception or error as is, a
 * checked exception as the cause of a {@link java.util.concurrent.CompletionException}. The same
 * rule holds for {@link #run}, {@link Task#await()}, {@link #toThread}, {@link #onCpu},
 * {@link #runInExecutor}, {@link #blocking} and {@link #await(CompletionStage)}. An interrupted
 * task is a cancelled task: it ends with {@link CancelledException}. Combinators add one layer of
 * their own: {@link ExceptionGroup} when several failures surface together. To reach the error
 * the work threw through these layers, use {@link Outcome#find(Class)} or
 * {@link ExceptionGroup#find(Class)}; {@link ExceptionGroup#leaves()} lists them all.
 */
public final class Async {
  private Async() {}

  /**
   * Runs {@code main} on a new loop and returns its result; asyncio's {@code asyncio.run}. When
   * main returns, tasks still pending are cancelled and awaited, failures nobody retrieved are
   * reported through the loop's exception handler, and the loop is closed.
   *
   * @param main the main task's body
   * @param <T> the result type
   * @return main's result
   * @throws CancelledException if main was cancelled
   * @throws IllegalStateException if called from a running loop
   * @see Loop.Builder#run(Callable) the same on a loop with options (virtual clock, backend, debug)
   */
  public static <T> T run(Callable<T> main) {
    return run(Loop.builder(), main);
  }

  /** {@link #run(Callable)} on a loop of {@code builder}'s making: the one sequence of both. */
  static <T> T run(Loop.Builder builder, Callable<T> main) {
    Objects.requireNonNull(main, "main");
    if (Loop.context() != null) {
      throw new IllegalStateException("Async.run cannot be called from a running loop:"
          + " use Async.createTask(...) and await the task");
    }
    try (Loop loop = builder.build()) {
      Task<T> task = loop.createTask(Profiler.fromProperty(main), null);
      // asyncio's runner: SIGINT cancels the main task, so the program ends by cancellation
      try (var sigint = Signals.interruptCancels(task)) {
        return loop.runUntilComplete(task);
      }
    }
  }

  /**
   * Profiles {@code body}, run in the calling task: where the time of every task of the loop went
   * while it ran, per task name or per {@linkplain #stage stage}, split into running on the loop,
   * holding the loop in a blocking call, waiting on I/O, offloaded CPU, waiting on other tasks and
   * waiting for the loop. The role Scalene plays in the seed tutorial: it shows which parts are
   * I/O-bound (use tasks), CPU-bound (use {@link #onCpu}) or blocking the loop (use
   * {@link #toThread}). {@code -Djasyncio.profile=FILE} profiles every {@code Async.run} and
   * writes {@code FILE.txt} and {@code FILE.html}.
   *
   * <pre>{@code
   * ProfileReport p = Async.profile(() -> {
   *   Async.stage("download", () -> fetchAll(urls));
   *   Async.stage("resize", () -> Async.onCpu(() -> resizeAll()));
   * });
   * System.out.print(p.text());
   * p.write(Path.of("profile"));
   * }</pre>
   *
   * @param body what to profile; an exception it throws propagates and the report is lost
   * @return the report
   * @throws IllegalStateException if the loop is being profiled already
   * @throws NoRunningLoopException outside a task
   */
  public static ProfileReport profile(ThrowingRunnable body) {
    Objects.requireNonNull(body, "body");
    return Profiler.profile(body);
  }

  /**
   * Runs {@code body} in the calling task as the stage {@code name}: a profile
   * ({@link #profile}) gives the time spent inside, and in the tasks and offloaded calls it
   * starts, to the row {@code name} instead of the tasks' names. Stages nest (the innermost
   * counts). Without a profile running it only sets the label.
   *
   * @param name the stage's label
   * @param body the stage's work
   * @param <T> the result type
   * @return the body's result
   */
  public static <T> T stage(String name, Callable<T> body) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(body, "body");
    return Profiler.stage(name, body);
  }

  /**
   * {@link #stage(String, Callable)} for a body that returns nothing.
   *
   * @param name the stage's label
   * @param body the stage's work
   */
  public static void stage(String name, ThrowingRunnable body) {
    stage(name, callable(body));
  }

  /**
   * Runs {@code main}, which returns nothing, as {@link #run(Callable)} does.
   *
   * @param main the main task's body
   */
  public static void run(ThrowingRunnable main) {
    Objects.requireNonNull(main, "main");
    run(callable(main));
  }

  /**
   * Starts {@code body} as a task of the running loop; asyncio's {@code create_task}. It starts
   * running at the caller's next suspension point, not before this returns.
   *
   * @param body the task's body
   * @param <T> the result type
   * @return the task
   * @throws NoRunningLoopException outside a loop
   */
  public static <T> Task<T> createTask(Callable<T> body) {
    return currentLoop().createTask(body, null);
  }

  /**
   * Starts a named task.
   *
   * @param body the task's body
   * @param name the task's name
   * @param <T> the result type
   * @return the task
   */
  public static <T> Task<T> createTask(Callable<T> body, String name) {
    return currentLoop().createTask(body, name);
  }

  /**
   * Starts a task whose body returns nothing.
   *
   * @param body the task's body
   * @return the task
   */
  public static Task<Void> createTask(ThrowingRunnable body) {
    return currentLoop().createTask(body, null);
  }

  /**
   * Starts a named task whose body returns nothing.
   *
   * @param body the task's body
   * @param name the task's name
   * @return the task
   */
  public static Task<Void> createTask(ThrowingRunnable body, String name) {
    return currentLoop().createTask(body, name);
  }

  /**
   * A new pending promise of the running loop; asyncio's {@code loop.create_future()}.
   *
   * @param <T> the result type
   * @return a new promise
   */
  public static <T> Promise<T> createPromise() {
    return currentLoop().createPromise();
  }

  /**
   * The loop running in this thread; asyncio's {@code get_running_loop}.
   *
   * @return the loop
   * @throws NoRunningLoopException if none
   */
  public static Loop currentLoop() {
    Object c = Loop.context();
    if (c instanceof Loop l) {
      return l;
    }
    if (c instanceof Task<?> t && !t.offLoop) {
      return t.loop;
    }
    throw new NoRunningLoopException("no running loop in thread '" + Thread.currentThread().getName()
        + "': start one with Async.run(...)");
  }

  /**
   * The task calling this; asyncio's {@code current_task}.
   *
   * @return the calling task, or {@code null} when called from a callback or outside a loop
   */
  public static Task<?> currentTask() {
    return Task.current();
  }

  /**
   * Suspends the calling task for {@code delay} of the loop's clock; asyncio's {@code sleep}. A
   * zero delay yields: every other task that is ready runs first.
   *
   * @param delay how long, not negative
   * @throws IllegalArgumentException if {@code delay} is negative
   * @throws CancelledException if the task is cancelled before or while sleeping
   * @throws NoRunningLoopException outside a loop
   */
  public static void sleep(Duration delay) {
    Objects.requireNonNull(delay, "delay");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("negative sleep: " + delay);
    }
    Task<?> me = Task.requireCurrent("Async.sleep");
    if (delay.isZero()) {
      me.yieldNow();
    } else {
      me.sleepNanos(Nanos.of(delay));
    }
  }

  /**
   * Suspends the calling task for a number of seconds, as the tutorials write
   * {@code asyncio.sleep(1)}.
   *
   * @param seconds how long, not negative
   */
  public static void sleep(double seconds) {
    if (!(seconds >= 0) || Double.isInfinite(seconds)) {
      throw new IllegalArgumentException("sleep needs a finite, non-negative number of seconds, not " + seconds);
    }
    sleep(Duration.ofNanos(Nanos.fromSeconds(seconds, "sleep seconds")));
  }

  /**
   * Runs a blocking call on the blocking-I/O pool (virtual threads, at most
   * {@code -Djasyncio.blockingPoolSize} at once, default 256) and suspends the caller until it
   * returns; asyncio's {@code to_thread}. Cancelling the calling task interrupts the call.
   *
   * @param call the blocking call
   * @param <T> the result type
   * @return its result
   */
  public static <T> T toThread(Callable<T> call) {
    Objects.requireNonNull(call, "call");
    return Offload.runIn(Offload.blockingPool(), call, "Async.toThread");
  }

  /**
   * Runs a blocking call that returns nothing on the blocking-I/O pool.
   *
   * @param call the blocking call
   */
  public static void toThread(ThrowingRunnable call) {
    toThread(callable(call));
  }

  /**
   * Runs CPU-bound work on a pool with one thread per core and suspends the caller until it
   * returns: asyncio's {@code run_in_executor(ProcessPoolExecutor(), f)}. The JVM has no GIL, so
   * threads give the parallelism that processes give Python. Cancelling the calling task
   * interrupts the work.
   *
   * @param work the computation
   * @param <T> the result type
   * @return its result
   */
  public static <T> T onCpu(Callable<T> work) {
    Objects.requireNonNull(work, "work");
    return Offload.runIn(Offload.cpuPool(), work, "Async.onCpu");
  }

  /**
   * Runs CPU-bound work that returns nothing, as {@link #onCpu(Callable)} does.
   *
   * @param work the computation
   */
  public static void onCpu(ThrowingRunnable work) {
    onCpu(callable(work));
  }

  /**
   * Runs {@code call} on any executor and suspends the caller until it returns; asyncio's
   * {@code run_in_executor}. Cancelling the calling task interrupts the call.
   *
   * @param executor where to run it
   * @param call the call
   * @param <T> the result type
   * @return its result
   */
  public static <T> T runInExecutor(Executor executor, Callable<T> call) {
    Objects.requireNonNull(executor, "executor");
    Objects.requireNonNull(call, "call");
    return Offload.runIn(executor, call, "Async.runInExecutor");
  }

  /**
   * Runs a call that returns nothing on {@code executor}, as {@link #runInExecutor(Executor, Callable)}
   * does.
   *
   * @param executor where to run it
   * @param call the call
   */
  public static void runInExecutor(Executor executor, ThrowingRunnable call) {
    runInExecutor(executor, callable(call));
  }

  /**
   * Suspends the calling task until {@code stage} completes, and returns its value; a
   * {@link java.util.concurrent.CompletableFuture} or any other stage. Cancelling the calling
   * task cancels the stage.
   *
   * @param stage the stage
   * @param <T> the value type
   * @return its value
   */
  public static <T> T await(CompletionStage<T> stage) {
    Objects.requireNonNull(stage, "stage");
    return Offload.await(stage);
  }

  /**
   * Runs a blocking JDK call in the calling task's own thread without holding the loop: other
   * tasks run meanwhile. On the portable backend the task hands the loop on for the section. On
   * the carrier backend a call that parks (a socket, a lock) would suspend only its task anyway,
   * but one that holds its thread (a read of a pipe or a slow disk, a native call, a long
   * computation) would hold the loop; so for the section the task's thread is carried by a thread
   * of its own, as the JDK's scheduler adds a carrier for a virtual thread in a file read, and
   * comes back to the loop when the call returns. Cancelling the task interrupts the call.
   * The body must not use the loop (no awaits, no loop methods).
   *
   * @param call the blocking call
   * @param <T> the result type
   * @return its result
   */
  public static <T> T blocking(Callable<T> call) {
    return blocking(call, true);
  }

  /**
   * {@link #blocking(Callable)}, told whether the call may hold its thread. The library's own
   * socket calls (an HTTP exchange, a Redis command) only park, which on the carrier backend
   * suspends just their task: they stay on the loop and save the two hand-offs to a carrier of
   * their own and back.
   */
  static <T> T blocking(Callable<T> call, boolean mayHoldThread) {
    Objects.requireNonNull(call, "call");
    Task<?> me = Task.requireCurrent("Async.blocking");
    me.checkpoint();
    Engine engine = me.loop.engine;
    T result;
    Throwable failure = null;
    me.offLoop = true;
    engine.enterBlocking(me, mayHoldThread);
    OffloadEvent span = EventRelay.mayRecord() ? OffloadEvent.begin("blocking", me) : null;
    try {
      result = call.call();
    } catch (Throwable t) {
      result = null;
      failure = t;
    } finally {
      if (span != null) { // without a span the event class stays unloaded
        OffloadEvent.end(span, failure != null);
      }
      engine.exitBlocking(me, mayHoldThread);
      me.offLoop = false;
    }
    if (failure != null) {
      throw CancelScope.propagate(me, failure); // an interrupt is the task's cancellation
    }
    return result;
  }

  /**
   * Runs a blocking JDK call that returns nothing, as {@link #blocking(Callable)} does.
   *
   * @param call the blocking call
   */
  public static void blocking(ThrowingRunnable call) {
    blocking(callable(call));
  }

  // ---------------------------------------------------------------------------------------------
  // Structured concurrency: combinators, timeouts, task groups (see each class for the rules)

  /**
   * Starts each body as a task of the running loop, in order; the list to hand to
   * {@link #gather(List)}, {@link #gatherSettled(List)}, {@link #waitTasks(Collection)} or
   * {@link #asCompleted(Collection)}.
   *
   * <pre>{@code
   * List<Callable<String>> fetches = urls.stream().<Callable<String>>map(u -> () -> fetch(u)).toList();
   * List<String> pages = Async.gather(Async.createTasks(fetches));
   * }</pre>
   *
   * @param bodies the bodies
   * @param <T> the result type
   * @return the tasks, in the order of the bodies
   * @throws NoRunningLoopException outside a loop
   */
  public static <T> List<Task<T>> createTasks(Collection<? extends Callable<? extends T>> bodies) {
    Objects.requireNonNull(bodies, "bodies");
    Loop loop = currentLoop();
    List<Task<T>> tasks = new ArrayList<>(bodies.size());
    for (Callable<? extends T> b : bodies) {
      @SuppressWarnings("unchecked") // a Callable only produces values: covariant use is safe
      Callable<T> body = (Callable<T>) Objects.requireNonNull(b, "body");
      tasks.add(loop.createTask(body, null));
    }
    return tasks;
  }

  /**
   * Waits for every task or promise and returns their results in the order given; asyncio's
   * {@code gather}. The first failure (or a child's own cancellation) is thrown to the caller at
   * once while the others keep running; await them yourself if you care, else the loop reports
   * their failures. Cancelling the calling task cancels the children not done yet and waits for
   * them; children that failed meanwhile are then thrown as an {@link ExceptionGroup} instead of
   * the cancellation. Nothing to wait for gives an empty list.
   *
   * <pre>{@code
   * List<String> pages = Async.gather(List.of(Async.createTask(() -> fetch(a)),
   *     Async.createTask(() -> fetch(b))));
   * }</pre>
   *
   * @param tasks tasks or promises of the caller's loop
   * @param <T> the result type
   * @return the results, in order
   * @throws WrongLoopException if one belongs to another loop
   */
  public static <T> List<T> gather(List<? extends Promise<? extends T>> tasks) {
    return Gather.gather(tasks);
  }

  /**
   * {@link #gather(List)} of nothing: an empty list, as {@code asyncio.gather()} gives.
   *
   * @param <T> the result type
   * @return an empty list
   */
  public static <T> List<T> gather() {
    return Gather.gather(List.of());
  }

  /**
   * {@link #gather(List)} of the given tasks or promises.
   *
   * @param tasks tasks or promises of the caller's loop
   * @param <T> the result type
   * @return the results, in order
   */
  @SafeVarargs
  public static <T> List<T> gather(Promise<? extends T>... tasks) {
    return Gather.gather(java.util.Arrays.asList(Objects.requireNonNull(tasks, "tasks")));
  }

  /**
   * Starts each body as a task and {@link #gather(List) gathers} them; for a list of bodies,
   * {@code gather(createTasks(bodies))}.
   *
   * @param bodies the bodies
   * @param <T> the result type
   * @return the results, in order
   */
  @SafeVarargs
  public static <T> List<T> gather(Callable<? extends T>... bodies) {
    return Gather.gather(Async.<T>createTasks(Arrays.asList(bodies)));
  }

  /**
   * Waits for every task or promise and returns how each ended, in the order given; asyncio's
   * {@code gather(..., return_exceptions=True)}. Every failure is returned, none is thrown.
   * Cancelling the calling task cancels the children and waits for them, as {@link #gather(List)}
   * does.
   *
   * @param tasks tasks or promises of the caller's loop
   * @param <T> the result type
   * @return one outcome per item, in order
   */
  public static <T> List<Outcome<T>> gatherSettled(List<? extends Promise<? extends T>> tasks) {
    return Gather.gatherSettled(tasks);
  }

  /**
   * {@link #gatherSettled(List)} of nothing: an empty list.
   *
   * @param <T> the result type
   * @return an empty list
   */
  public static <T> List<Outcome<T>> gatherSettled() {
    return Gather.gatherSettled(List.of());
  }

  /**
   * {@link #gatherSettled(List)} of the given tasks or promises.
   *
   * @param tasks tasks or promises of the caller's loop
   * @param <T> the result type
   * @return one outcome per item, in order
   */
  @SafeVarargs
  public static <T> List<Outcome<T>> gatherSettled(Promise<? extends T>... tasks) {
    return Gather.gatherSettled(java.util.Arrays.asList(Objects.requireNonNull(tasks, "tasks")));
  }

  /**
   * Starts each body as a task and {@link #gatherSettled(List) gathers} their outcomes.
   *
   * @param bodies the bodies
   * @param <T> the result type
   * @return one outcome per body, in order
   */
  @SafeVarargs
  public static <T> List<Outcome<T>> gatherSettled(Callable<? extends T>... bodies) {
    return Gather.gatherSettled(Async.<T>createTasks(Arrays.asList(bodies)));
  }

  /**
   * Waits until all the tasks or promises are done; see
   * {@link #waitTasks(Duration, Collection, ReturnWhen)}.
   *
   * @param tasks tasks or promises of the caller's loop, at least one
   * @param <P> the task or promise type
   * @return the done and pending sets
   */
  public static <P extends Promise<?>> WaitResult<P> waitTasks(Collection<P> tasks) {
    return Wait.wait(tasks, ReturnWhen.ALL_COMPLETED, null);
  }

  /**
   * Waits until {@code returnWhen} holds; see {@link #waitTasks(Duration, Collection, ReturnWhen)}.
   *
   * @param tasks tasks or promises of the caller's loop, at least one
   * @param returnWhen when to return
   * @param <P> the task or promise type
   * @return the done and pending sets
   */
  public static <P extends Promise<?>> WaitResult<P> waitTasks(Collection<P> tasks, ReturnWhen returnWhen) {
    return Wait.wait(tasks, returnWhen, null);
  }

  /**
   * Waits until {@code returnWhen} holds or {@code timeout} passes, and returns which are done
   * and which are pending; asyncio's {@code wait} (not {@code wait}: {@link Object#wait()} owns
   * that name). Cancels nothing: not on timeout, not when the caller is cancelled. Failures are
   * not thrown; read them from the done tasks.
   *
   * <pre>{@code
   * WaitResult<Task<String>> r = Async.waitTasks(Duration.ofSeconds(1), tasks, ReturnWhen.FIRST_COMPLETED);
   * }</pre>
   *
   * @param timeout the most to wait, not negative
   * @param tasks tasks or promises of the caller's loop, at least one
   * @param returnWhen when to return
   * @param <P> the task or promise type
   * @return the done and pending sets
   * @throws IllegalArgumentException if {@code tasks} is empty (asyncio's ValueError) or the
   *     timeout is negative
   */
  public static <P extends Promise<?>> WaitResult<P> waitTasks(Duration timeout, Collection<P> tasks,
      ReturnWhen returnWhen) {
    return Wait.wait(tasks, returnWhen, Objects.requireNonNull(timeout, "timeout"));
  }

  /**
   * {@link #waitTasks(Duration, Collection, ReturnWhen)} with the timeout in seconds.
   *
   * @param timeout the most to wait, in seconds, not negative
   * @param tasks tasks or promises of the caller's loop, at least one
   * @param returnWhen when to return
   * @param <P> the task or promise type
   * @return the done and pending sets
   */
  public static <P extends Promise<?>> WaitResult<P> waitTasks(double timeout, Collection<P> tasks,
      ReturnWhen returnWhen) {
    return waitTasks(seconds(timeout, "timeout"), tasks, returnWhen);
  }

  /**
   * The tasks or promises, each returned by the iteration as soon as it is done; asyncio's
   * {@code as_completed}. Iterate once, in a task; {@code next()} suspends it.
   *
   * <pre>{@code
   * for (Task<String> t : Async.asCompleted(tasks)) {
   *   System.out.println(t.await()); // fastest first
   * }
   * }</pre>
   *
   * @param tasks tasks or promises of the caller's loop; none gives an empty iteration
   * @param <P> the task or promise type
   * @return an iterable in completion order
   */
  public static <P extends Promise<?>> Iterable<P> asCompleted(Collection<P> tasks) {
    return new AsCompleted<>(tasks, null);
  }

  /**
   * Like {@link #asCompleted(Collection)}; once {@code timeout} (counted from this call) has
   * passed, the iteration throws {@link TimeoutException} instead of waiting further, and the
   * remaining tasks keep running.
   *
   * @param timeout the most to wait for all of them, not negative
   * @param tasks tasks or promises of the caller's loop
   * @param <P> the task or promise type
   * @return an iterable in completion order
   */
  public static <P extends Promise<?>> Iterable<P> asCompleted(Duration timeout, Collection<P> tasks) {
    return new AsCompleted<>(tasks, Objects.requireNonNull(timeout, "timeout"));
  }

  /**
   * {@link #asCompleted(Duration, Collection)} with the timeout in seconds.
   *
   * @param timeout the most to wait for all of them, in seconds, not negative
   * @param tasks tasks or promises of the caller's loop
   * @param <P> the task or promise type
   * @return an iterable in completion order
   */
  public static <P extends Promise<?>> Iterable<P> asCompleted(double timeout, Collection<P> tasks) {
    return asCompleted(seconds(timeout, "timeout"), tasks);
  }

  /**
   * Awaits {@code task} for at most {@code timeout}; asyncio's {@code wait_for}. On timeout the
   * task is cancelled and awaited until it has really finished, then {@link TimeoutException} is
   * thrown. A zero timeout returns the result of a task already done. One meaning per name:
   * {@code waitFor} bounds a task that runs on its own; {@link #timeout(Duration, Callable)}
   * bounds a body that runs in the calling task.
   *
   * @param timeout the most to wait, not negative
   * @param task a task or promise of the caller's loop
   * @param <T> the result type
   * @return the task's result
   * @throws TimeoutException if the timeout passed
   */
  public static <T> T waitFor(Duration timeout, Promise<T> task) {
    return WaitFor.waitFor(timeout, task);
  }

  /**
   * {@link #waitFor(Duration, Promise)} with the timeout in seconds.
   *
   * @param timeout the most to wait, in seconds, not negative
   * @param task a task or promise of the caller's loop
   * @param <T> the result type
   * @return the task's result
   */
  public static <T> T waitFor(double timeout, Promise<T> task) {
    return waitFor(seconds(timeout, "timeout"), task);
  }

  /**
   * Runs {@code body} in the calling task in a {@link CancelScope} with a deadline
   * {@code timeout} from now, and turns the scope's cancellation into {@link TimeoutException};
   * asyncio's {@code async with asyncio.timeout(t)} and {@code wait_for(coro, t)}.
   *
   * <pre>{@code
   * String page = Async.timeout(Duration.ofSeconds(10), () -> fetch(url));
   * }</pre>
   *
   * @param timeout how long, not negative
   * @param body the body
   * @param <T> the result type
   * @return the body's result
   * @throws TimeoutException if the deadline passed and ended the body
   */
  public static <T> T timeout(Duration timeout, Callable<T> body) {
    return CancelScope.failAfter(timeout, body);
  }

  /**
   * {@link #timeout(Duration, Callable)} with the timeout in seconds:
   * {@code Async.timeout(10, () -> fetch(url))}.
   *
   * @param timeout how long, in seconds, not negative
   * @param body the body
   * @param <T> the result type
   * @return the body's result
   */
  public static <T> T timeout(double timeout, Callable<T> body) {
    return CancelScope.failAfter(timeout, body);
  }

  /**
   * {@link #timeout(Duration, Callable)} for a body that returns nothing.
   *
   * @param timeout how long, not negative
   * @param body the body
   */
  public static void timeout(Duration timeout, ThrowingRunnable body) {
    CancelScope.failAfter(timeout, body);
  }

  /**
   * {@link #timeout(Duration, Callable)} in seconds, for a body that returns nothing.
   *
   * @param timeout how long, in seconds, not negative
   * @param body the body
   */
  public static void timeout(double timeout, ThrowingRunnable body) {
    CancelScope.failAfter(timeout, body);
  }

  /**
   * {@link #timeout(Duration, Callable)} whose body gets the scope, to move the deadline while
   * it runs ({@link CancelScope#setDeadline}; asyncio's {@code Timeout.reschedule}).
   *
   * @param timeout how long, not negative
   * @param body the body
   * @param <T> the result type
   * @return the body's result
   */
  public static <T> T timeout(Duration timeout, CancelScope.Body<T> body) {
    return CancelScope.failAfter(timeout, body);
  }

  /**
   * {@link #timeout(Duration, CancelScope.Body)} with the timeout in seconds.
   *
   * @param timeout how long, in seconds, not negative
   * @param body the body
   * @param <T> the result type
   * @return the body's result
   */
  public static <T> T timeout(double timeout, CancelScope.Body<T> body) {
    return CancelScope.failAfter(timeout, body);
  }

  /**
   * A timeout at a point of the loop's {@link Loop#time() time}; asyncio's {@code timeout_at}.
   *
   * @param deadline the loop time, in seconds; {@link Double#POSITIVE_INFINITY} for none
   * @param body the body
   * @param <T> the result type
   * @return the body's result
   * @throws TimeoutException if the deadline passed and ended the body
   */
  public static <T> T timeoutAt(double deadline, Callable<T> body) {
    return CancelScope.failAt(deadline, body);
  }

  /**
   * {@link #timeoutAt(double, Callable)} for a body that returns nothing.
   *
   * @param deadline the loop time, in seconds; {@link Double#POSITIVE_INFINITY} for none
   * @param body the body
   */
  public static void timeoutAt(double deadline, ThrowingRunnable body) {
    CancelScope.failAt(deadline, body);
  }

  /**
   * {@link #timeoutAt(double, Callable)} whose body gets the scope, to move the deadline while it
   * runs.
   *
   * @param deadline the loop time, in seconds; {@link Double#POSITIVE_INFINITY} for none
   * @param body the body
   * @param <T> the result type
   * @return the body's result
   * @throws TimeoutException if the deadline passed and ended the body
   */
  public static <T> T timeoutAt(double deadline, CancelScope.Body<T> body) {
    return CancelScope.failAt(deadline, body);
  }

  /**
   * A promise that follows {@code task} but whose cancellation does not cancel it; asyncio's
   * {@code shield}. The caller that awaits it and is cancelled still gets its
   * {@link CancelledException}; the task runs on. If the task is cancelled by other means, the
   * promise is too. A task already done is returned itself.
   *
   * <pre>{@code
   * String r = Async.shield(saveTask).await(); // cancelling us does not cancel the save
   * }</pre>
   *
   * @param task a task or promise
   * @param <T> the result type
   * @return a promise of the task's outcome
   * @throws WrongLoopException if called from a task of another loop
   */
  public static <T> Promise<T> shield(Promise<T> task) {
    return Shield.shield(task);
  }

  /**
   * Runs {@code body} with a {@link TaskGroup} and waits for every task it starts; asyncio's
   * {@code async with TaskGroup() as tg}. See {@link TaskGroup} for the rules.
   *
   * <pre>{@code
   * Async.taskGroup(tg -> {
   *   tg.createTask(() -> download(a));
   *   tg.createTask(() -> download(b));
   * });
   * }</pre>
   *
   * @param body the body
   * @throws ExceptionGroup with every failure, if any child or the body failed
   * @throws CancelledException if the calling task was cancelled and nothing failed
   */
  public static void taskGroup(TaskGroup.Body body) {
    TaskGroup.run(body);
  }

  /**
   * {@link #taskGroup(TaskGroup.Body)} whose body returns a value, returned once every child has
   * finished (Jox's {@code supervised}). A name of its own, not an overload: for a lambda
   * {@code tg -> ...} javac cannot choose between a body that returns and one that does not.
   *
   * <pre>{@code
   * int total = Async.taskGroupResult(tg -> {
   *   Task<Integer> a = tg.createTask(() -> count(x));
   *   Task<Integer> b = tg.createTask(() -> count(y));
   *   return a.await() + b.await();
   * });
   * }</pre>
   *
   * @param body the body
   * @param <T> the result type
   * @return the body's value; {@code null} if {@link TaskGroup#cancel()} ended the body first
   * @throws ExceptionGroup with every failure, if any child or the body failed
   * @throws CancelledException if the calling task was cancelled and nothing failed
   */
  public static <T> T taskGroupResult(TaskGroup.ValueBody<T> body) {
    return TaskGroup.run(body);
  }

  static Callable<Void> callable(ThrowingRunnable r) {
    Objects.requireNonNull(r, "body");
    return new RunnableBody(r);
  }

  /** A body that returns nothing, as a callable; a record so the task monitor can name its code. */
  record RunnableBody(ThrowingRunnable body) implements Callable<Void> {
    @Override
    public Void call() throws Exception {
      body.run();
      return null;
    }
  }

  /**
   * A relative time given in seconds, as a {@link Duration}: the {@code double} overloads' one
   * conversion. Infinity is the longest duration (no deadline in practice); a negative value stays
   * negative, for the caller's own check to reject with its own message.
   */
  static Duration seconds(double seconds, String what) {
    if (Double.isNaN(seconds)) {
      throw new IllegalArgumentException(what + " is NaN; give a number of seconds");
    }
    if (Math.abs(seconds) >= Long.MAX_VALUE / 1e9) {
      return Duration.ofSeconds(seconds > 0 ? Long.MAX_VALUE : -Long.MAX_VALUE);
    }
    return Duration.ofNanos((long) (seconds * 1e9));
  }
}
