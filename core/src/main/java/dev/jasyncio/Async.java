package dev.jasyncio;

import java.time.Duration;
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
 * <h2>Exceptions</h2>
 * Whoever awaits work sees the exception the work threw: an unchecked exception or error as is, a
 * checked exception as the cause of a {@link java.util.concurrent.CompletionException}. The same
 * rule holds for {@link #run}, {@link Task#await()}, {@link #toThread}, {@link #onCpu},
 * {@link #runInExecutor}, {@link #blocking} and {@link #await(CompletionStage)}. An interrupted
 * task is a cancelled task: it ends with {@link CancelledException}.
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
   */
  public static <T> T run(Callable<T> main) {
    Objects.requireNonNull(main, "main");
    if (Loop.CONTEXT.get() != null) {
      throw new IllegalStateException("Async.run cannot be called from a running loop:"
          + " use Async.createTask(...) and await the task");
    }
    try (Loop loop = Loop.builder().build()) {
      Task<T> task = loop.createTask(main, null);
      // asyncio's runner: SIGINT cancels the main task, so the program ends by cancellation
      try (var sigint = dev.jasyncio.io.Signals.interruptCancels(task)) {
        return loop.runUntilComplete(task);
      }
    }
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
    return currentLoop().createTask(callable(body), null);
  }

  /**
   * Starts a named task whose body returns nothing.
   *
   * @param body the task's body
   * @param name the task's name
   * @return the task
   */
  public static Task<Void> createTask(ThrowingRunnable body, String name) {
    return currentLoop().createTask(callable(body), name);
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
    Object c = Loop.CONTEXT.get();
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
   * tasks run meanwhile. On the portable backend this is how to make a blocking call that would
   * otherwise stall the loop; on the carrier backend calls that park (sockets, locks) suspend only
   * their task anyway, so this only marks the section. Cancelling the task interrupts the call.
   * The body must not use the loop (no awaits, no loop methods).
   *
   * @param call the blocking call
   * @param <T> the result type
   * @return its result
   */
  public static <T> T blocking(Callable<T> call) {
    Objects.requireNonNull(call, "call");
    Task<?> me = Task.requireCurrent("Async.blocking");
    me.checkpoint();
    Engine engine = me.loop.engine;
    T result;
    Throwable failure = null;
    me.offLoop = true;
    engine.enterBlocking(me);
    try {
      result = call.call();
    } catch (Throwable t) {
      result = null;
      failure = t;
    } finally {
      engine.exitBlocking(me);
      me.offLoop = false;
    }
    if (failure != null) {
      throw CancelScope.propagate(me, failure); // an interrupt is the task's cancellation
    }
    return result;
  }

  // ---------------------------------------------------------------------------------------------
  // Structured concurrency: combinators, timeouts, task groups (see each class for the rules)

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
   * Starts each body as a task and {@link #gather(List) gathers} them.
   *
   * @param bodies the bodies
   * @param <T> the result type
   * @return the results, in order
   */
  @SafeVarargs
  public static <T> List<T> gather(Callable<? extends T>... bodies) {
    return Gather.gather(startAll(bodies));
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
    return Gather.gatherSettled(startAll(bodies));
  }

  private static <T> List<Task<? extends T>> startAll(Callable<? extends T>[] bodies) {
    Objects.requireNonNull(bodies, "bodies");
    Loop loop = currentLoop();
    List<Task<? extends T>> tasks = new java.util.ArrayList<>(bodies.length);
    for (Callable<? extends T> b : bodies) {
      tasks.add(loop.createTask(Objects.requireNonNull(b, "body"), null));
    }
    return tasks;
  }

  /**
   * Waits until all the tasks or promises are done; see {@link #wait(Collection, ReturnWhen, Duration)}.
   *
   * @param tasks tasks or promises of the caller's loop, at least one
   * @param <P> the task or promise type
   * @return the done and pending sets
   */
  public static <P extends Promise<?>> WaitResult<P> wait(Collection<P> tasks) {
    return Wait.wait(tasks, ReturnWhen.ALL_COMPLETED, null);
  }

  /**
   * Waits until {@code returnWhen} holds; see {@link #wait(Collection, ReturnWhen, Duration)}.
   *
   * @param tasks tasks or promises of the caller's loop, at least one
   * @param returnWhen when to return
   * @param <P> the task or promise type
   * @return the done and pending sets
   */
  public static <P extends Promise<?>> WaitResult<P> wait(Collection<P> tasks, ReturnWhen returnWhen) {
    return Wait.wait(tasks, returnWhen, null);
  }

  /**
   * Waits until {@code returnWhen} holds or {@code timeout} passes, and returns which are done
   * and which are pending; asyncio's {@code wait}. Cancels nothing: not on timeout, not when the
   * caller is cancelled. Failures are not thrown; read them from the done tasks.
   *
   * <pre>{@code
   * WaitResult<Task<String>> r = Async.wait(tasks, ReturnWhen.FIRST_COMPLETED, Duration.ofSeconds(1));
   * }</pre>
   *
   * @param tasks tasks or promises of the caller's loop, at least one
   * @param returnWhen when to return
   * @param timeout the most to wait, not negative
   * @param <P> the task or promise type
   * @return the done and pending sets
   * @throws IllegalArgumentException if {@code tasks} is empty (asyncio's ValueError) or the
   *     timeout is negative
   */
  public static <P extends Promise<?>> WaitResult<P> wait(Collection<P> tasks, ReturnWhen returnWhen,
      Duration timeout) {
    return Wait.wait(tasks, returnWhen, Objects.requireNonNull(timeout, "timeout"));
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
   * @param tasks tasks or promises of the caller's loop
   * @param timeout the most to wait for all of them, not negative
   * @param <P> the task or promise type
   * @return an iterable in completion order
   */
  public static <P extends Promise<?>> Iterable<P> asCompleted(Collection<P> tasks, Duration timeout) {
    return new AsCompleted<>(tasks, Objects.requireNonNull(timeout, "timeout"));
  }

  /**
   * Awaits {@code task} for at most {@code timeout}; asyncio's {@code wait_for}. On timeout the
   * task is cancelled and awaited until it has really finished, then {@link TimeoutException} is
   * thrown. A zero timeout returns the result of a task already done.
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
   * Runs {@code body} in the calling task for at most {@code timeout}: on timeout the body is
   * cancelled, has finished when this throws {@link TimeoutException}; asyncio's
   * {@code wait_for(coro, t)}.
   *
   * @param timeout the most to wait, not negative
   * @param body the work
   * @param <T> the result type
   * @return the body's result
   * @throws TimeoutException on timeout; with a zero timeout at once, without starting the body,
   *     as {@code wait_for(coro, 0)}
   */
  public static <T> T waitFor(Duration timeout, Callable<T> body) {
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(body, "body");
    if (timeout.isZero()) {
      Task.requireCurrent("Async.waitFor").checkpoint();
      throw new TimeoutException("timed out after " + timeout + ": no time to start the body");
    }
    return CancelScope.failAfter(timeout, body);
  }

  /**
   * Runs {@code body} in a {@link CancelScope} with a deadline {@code timeout} from now, and
   * turns the scope's cancellation into {@link TimeoutException}; asyncio's
   * {@code async with asyncio.timeout(t)}.
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
   * {@link #timeout(Duration, Callable)} for a body that returns nothing.
   *
   * @param timeout how long, not negative
   * @param body the body
   */
  public static void timeout(Duration timeout, ThrowingRunnable body) {
    CancelScope.failAfter(timeout, callable(body));
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
   * A timeout at a point of the loop's {@link Loop#time() time}; asyncio's {@code timeout_at}.
   * The body gets the scope, to move the deadline while it runs.
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

  static Callable<Void> callable(ThrowingRunnable r) {
    Objects.requireNonNull(r, "body");
    return () -> {
      r.run();
      return null;
    };
  }
}
