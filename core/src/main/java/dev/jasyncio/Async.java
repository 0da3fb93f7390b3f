package dev.jasyncio;

import java.time.Duration;
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
      return loop.runUntilComplete(main);
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
      me.sleepNanos(Loop.saturatedNanos(delay));
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
    sleep(Duration.ofNanos((long) (seconds * 1e9)));
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
      if (Exceptions.isInterruption(failure)) {
        Task.clearInterrupt();
        me.onInterrupt();
        throw new CancelledException(me.pendingCancellation().getMessage(), failure);
      }
      throw Exceptions.rethrow(failure);
    }
    return result;
  }

  static Callable<Void> callable(ThrowingRunnable r) {
    Objects.requireNonNull(r, "body");
    return () -> {
      r.run();
      return null;
    };
  }
}
