package dev.jasyncio;

import dev.jasyncio.internal.CoreAccess;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.Supplier;

/**
 * Several event loops, one per thread: every core busy, as uvloop servers run one process per core
 * and Netty has its {@code EventLoopGroup}. Each loop is a full {@link Loop} on the configured
 * backend; a task runs on the loop it was placed on and never migrates, so inside one loop the
 * single-loop guarantee holds (code between two suspension points never races with the other
 * tasks of that loop). Tasks of different loops do run in parallel: share state between them only
 * through thread-safe means ({@link Loop#submit}, {@link java.util.concurrent.CompletableFuture},
 * {@code java.util.concurrent}).
 *
 * <pre>{@code
 * try (LoopGroup group = LoopGroup.builder().loops(4).build()) {
 *   CompletableFuture<String> f = group.submit(() -> {       // on the next loop, round-robin
 *     Async.sleep(0.1);
 *     return "ran on " + Async.currentLoop().name();
 *   });
 *   List<Long> perLoop = group.run(() -> count());          // one main per loop, gathered
 *   System.out.println(f.join() + " " + perLoop);
 * } // close(): cancels and awaits whatever still runs, on every loop
 * }</pre>
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li>{@link #submit} places a task on a loop by the group's {@link Placement} (round-robin by
 *       default); {@link #loop(int)} reaches one loop to submit to it directly. Cancelling the
 *       returned future cancels the task.
 *   <li>{@link #run} runs one main per loop and gathers them as a {@link TaskGroup} does: the
 *       results in loop order; the first failure cancels the other mains, and once all have
 *       ended every failure is thrown together as one {@link ExceptionGroup}.
 *   <li>{@link #close} stops every loop and closes each as {@link Loop#close()} does: pending
 *       tasks are cancelled and awaited, failures nobody retrieved are reported through that
 *       loop's exception handler. After close, {@link #submit} throws {@link LoopClosedException}.
 *   <li>The loops' threads are platform threads named after the group, not daemons: a group that
 *       is never closed keeps the JVM alive rather than dropping its tasks.
 * </ul>
 */
public final class LoopGroup implements AutoCloseable {
  /** Which loop of the group a group-placed task goes to. */
  public enum Placement {
    /** Each loop in turn (Netty's default chooser). */
    ROUND_ROBIN,
    /**
     * The loop with the fewest live tasks (counting submissions not yet started); ties go round
     * the loops. The counts are read without stopping the loops: a hint, not a guarantee.
     */
    LEAST_LOADED
  }

  /** The group each running group loop belongs to, for {@link #current()}. */
  private static final Map<Loop, LoopGroup> GROUPS = new ConcurrentHashMap<>();
  private static final AtomicInteger GROUP_COUNT = new AtomicInteger();

  private final String name;
  private final List<Loop> loops;
  private final List<Thread> threads;
  private final Placement placement;
  /** Per loop: tasks submitted through the group that have not started yet. */
  private final AtomicIntegerArray pending;
  private final AtomicInteger next = new AtomicInteger();
  private final Throwable[] loopFailures;
  private volatile boolean closed;

  private LoopGroup(Builder b) {
    this.name = b.name != null ? b.name : "LoopGroup-" + GROUP_COUNT.incrementAndGet();
    this.placement = b.placement;
    int n = b.loops > 0 ? b.loops : Runtime.getRuntime().availableProcessors();
    List<Loop> ls = new ArrayList<>(n);
    List<Thread> ts = new ArrayList<>(n);
    loopFailures = new Throwable[n];
    pending = new AtomicIntegerArray(n);
    for (int i = 0; i < n; i++) {
      Loop.Builder lb = Loop.builder().name(name + "-" + i);
      if (b.debug != null) {
        lb.debug(b.debug);
      }
      if (b.backend != null) {
        lb.backend(b.backend);
      }
      if (b.clock != null) {
        lb.clock(Objects.requireNonNull(b.clock.get(), "the clock supplier returned null"));
      }
      if (b.exceptionHandler != null) {
        lb.exceptionHandler(b.exceptionHandler);
      }
      Loop loop = lb.build();
      ls.add(loop);
      GROUPS.put(loop, this);
      int index = i;
      ts.add(Thread.ofPlatform().name(loop.name()).unstarted(() -> drive(index, loop)));
    }
    this.loops = List.copyOf(ls);
    this.threads = List.copyOf(ts);
    for (Thread t : threads) {
      t.start();
    }
  }

  /** A loop's thread: runs the loop until the group closes, then closes it (cancel and await). */
  private void drive(int index, Loop loop) {
    try {
      loop.runForever();
    } catch (Throwable e) {
      loopFailures[index] = e;
    } finally {
      try {
        loop.close();
      } catch (Throwable e) {
        if (loopFailures[index] == null) {
          loopFailures[index] = e;
        } else {
          loopFailures[index].addSuppressed(e);
        }
      }
    }
  }

  /**
   * A builder for a group; {@link Loop#builder()}'s options apply to every loop of it.
   *
   * @return a new builder with the defaults
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Configures a {@link LoopGroup}. */
  public static final class Builder {
    private int loops;
    private Backend backend;
    private Supplier<Clock> clock;
    private Boolean debug;
    private ExceptionHandler exceptionHandler;
    private Placement placement = Placement.ROUND_ROBIN;
    private String name;

    private Builder() {}

    /**
     * How many loops (and threads); by default the number of available processors.
     *
     * @param loops a positive count
     * @return this builder
     */
    public Builder loops(int loops) {
      if (loops <= 0) {
        throw new IllegalArgumentException("a LoopGroup needs at least one loop, not " + loops);
      }
      this.loops = loops;
      return this;
    }

    /**
     * The backend of every loop; by default {@link Backend#defaultBackend()}.
     *
     * @param backend the backend
     * @return this builder
     */
    public Builder backend(Backend backend) {
      this.backend = Objects.requireNonNull(backend, "backend");
      return this;
    }

    /**
     * Makes each loop's clock; by default every loop reads {@link Clock#system()}. A
     * {@link Clock#virtual() virtual clock} belongs to one loop, hence a supplier:
     * {@code .clock(Clock::virtual)}.
     *
     * @param clocks called once per loop
     * @return this builder
     */
    public Builder clock(Supplier<Clock> clocks) {
      this.clock = Objects.requireNonNull(clocks, "clocks");
      return this;
    }

    /**
     * Debug mode for every loop, as {@link Loop.Builder#debug(boolean)} (whose default, from the
     * environment, applies unless told).
     *
     * @param debug whether to debug
     * @return this builder
     */
    public Builder debug(boolean debug) {
      this.debug = debug;
      return this;
    }

    /**
     * Where every loop's reports go; by default {@link ExceptionHandler#logging()}. It is called
     * on the thread of the loop that reports, so it must be thread-safe.
     *
     * @param handler the handler
     * @return this builder
     */
    public Builder exceptionHandler(ExceptionHandler handler) {
      this.exceptionHandler = Objects.requireNonNull(handler, "handler");
      return this;
    }

    /**
     * How {@link LoopGroup#submit} picks a loop; {@link Placement#ROUND_ROBIN} by default.
     *
     * @param placement the placement
     * @return this builder
     */
    public Builder placement(Placement placement) {
      this.placement = Objects.requireNonNull(placement, "placement");
      return this;
    }

    /**
     * The group's name; its loops and threads are named {@code NAME-0}, {@code NAME-1}, ...
     * ({@code LoopGroup-N} by default).
     *
     * @param name the name
     * @return this builder
     */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * Builds the group and starts its loops, each on a thread of its own.
     *
     * @return a running group
     */
    public LoopGroup build() {
      return new LoopGroup(this);
    }

    /**
     * Builds a group, runs {@code main} once on every loop, gathers the results and closes the
     * group: {@link Async#run} for every core.
     *
     * <pre>{@code
     * List<Integer> r = LoopGroup.builder().loops(2).run(() -> work());   // [w0, w1]
     * }</pre>
     *
     * @param main the main of each loop
     * @param <T> the result type
     * @return the results, in loop order
     * @throws ExceptionGroup if mains failed, with every failure
     */
    public <T> List<T> run(Callable<T> main) {
      try (LoopGroup group = build()) {
        return group.run(main);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * The group the calling task's loop belongs to.
   *
   * @return the group
   * @throws NoRunningLoopException outside a loop
   * @throws IllegalStateException if the running loop belongs to no group
   */
  public static LoopGroup current() {
    Loop loop = Async.currentLoop();
    LoopGroup g = GROUPS.get(loop);
    if (g == null) {
      throw new IllegalStateException("the running loop " + loop.name() + " belongs to no LoopGroup");
    }
    return g;
  }

  /**
   * The group's name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * How many loops the group has.
   *
   * @return the count
   */
  public int size() {
    return loops.size();
  }

  /**
   * The loop at {@code index}; {@link Loop#submit} on it runs a task there.
   *
   * @param index from 0 to {@link #size()} - 1
   * @return the loop
   * @throws IndexOutOfBoundsException for another index
   */
  public Loop loop(int index) {
    Objects.checkIndex(index, loops.size());
    return loops.get(index);
  }

  /**
   * Every loop, in index order.
   *
   * @return an unmodifiable list
   */
  public List<Loop> loops() {
    return loops;
  }

  /**
   * The index of {@code loop} in this group.
   *
   * @param loop a loop
   * @return its index, or -1 if it is not one of this group's
   */
  public int indexOf(Loop loop) {
    for (int i = 0; i < loops.size(); i++) {
      if (loops.get(i) == loop) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The group's placement.
   *
   * @return how {@link #submit} picks a loop
   */
  public Placement placement() {
    return placement;
  }

  /**
   * The loop the group's placement picks for the next task; {@link #submit} uses it, and so do
   * servers that spread connections over the group.
   *
   * @return a loop of this group
   */
  public Loop next() {
    return loops.get(nextIndex());
  }

  private int nextIndex() {
    int n = loops.size();
    int start = Math.floorMod(next.getAndIncrement(), n);
    if (placement == Placement.ROUND_ROBIN || n == 1) {
      return start;
    }
    int best = start;
    int bestLoad = Integer.MAX_VALUE;
    for (int k = 0; k < n; k++) {
      int i = (start + k) % n;
      int load = loops.get(i).live.size + pending.get(i); // racy reads: a hint
      if (load < bestLoad) {
        best = i;
        bestLoad = load;
      }
    }
    return best;
  }

  /**
   * Runs {@code body} as a task on the loop the placement picks; thread-safe. Cancelling the
   * returned future cancels the task.
   *
   * @param body the task's body
   * @param <T> the result type
   * @return a future completed with the task's outcome
   * @throws LoopClosedException if the group is closed or closing
   */
  public <T> CompletableFuture<T> submit(Callable<T> body) {
    Objects.requireNonNull(body, "body");
    checkOpen("submit");
    int i = nextIndex();
    AtomicBoolean started = new AtomicBoolean();
    pending.incrementAndGet(i);
    CompletableFuture<T> f;
    try {
      f = loops.get(i).submit(() -> {
        if (started.compareAndSet(false, true)) {
          pending.decrementAndGet(i);
        }
        return body.call();
      });
    } catch (RuntimeException e) {
      pending.decrementAndGet(i);
      throw e;
    }
    f.whenComplete((v, e) -> { // cancelled or refused before it started
      if (started.compareAndSet(false, true)) {
        pending.decrementAndGet(i);
      }
    });
    return f;
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

  /**
   * Runs {@code main} once on every loop, in parallel, and waits for all of them: the group's
   * {@code asyncio.run}. Gathered as a {@link TaskGroup} gathers its children: the first main to
   * fail cancels the others, and once every main has ended all failures are thrown together.
   * The group stays open. Call it from outside the group's loops (it blocks the calling thread).
   *
   * @param main the main of each loop; {@link #indexOf indexOf}({@link Async#currentLoop()})
   *     tells which loop it runs on
   * @param <T> the result type
   * @return the results, in loop order
   * @throws ExceptionGroup if mains failed: every failure, in the order they failed
   * @throws CancelledException if a main was cancelled from elsewhere (the group closed, say), or
   *     the calling thread was interrupted (then the mains are cancelled and awaited first)
   * @throws LoopClosedException if the group is closed
   * @throws IllegalStateException if called from a task or callback of a loop
   */
  public <T> List<T> run(Callable<T> main) {
    Objects.requireNonNull(main, "main");
    checkOpen("run");
    if (CoreAccess.get().currentLoopOrNull() != null) {
      throw new IllegalStateException("LoopGroup.run blocks its caller: call it from outside the"
          + " loops, or submit to the group and await the futures");
    }
    return new GroupRun<>(this, main).gather();
  }

  /**
   * {@link #run(Callable)} for a main that returns nothing.
   *
   * @param main the main of each loop
   */
  public void run(ThrowingRunnable main) {
    run(Async.callable(main));
  }

  /**
   * Whether {@link #close()} has begun.
   *
   * @return true once closing
   */
  public boolean isClosed() {
    return closed;
  }

  private void checkOpen(String what) {
    if (closed) {
      throw new LoopClosedException(what + ": the loop group " + name + " is closed");
    }
  }

  /**
   * Closes every loop, in parallel, and waits until all are closed: each loop's pending tasks are
   * cancelled and awaited, and failures nobody retrieved are reported through its exception
   * handler ({@link Loop#close()}). From now on {@link #submit} is refused. Idempotent; call it
   * from outside the group's loops.
   *
   * @throws IllegalStateException if called from a task or callback of one of the group's loops
   *     (it would wait for itself)
   */
  @Override
  public void close() {
    Loop here = CoreAccess.get().currentLoopOrNull();
    if (here != null && GROUPS.get(here) == this) {
      throw new IllegalStateException("a LoopGroup cannot be closed from one of its own loops ("
          + here.name() + "): it would wait for itself");
    }
    closed = true;
    for (Loop loop : loops) {
      try {
        loop.stop();
      } catch (LoopClosedException alreadyClosed) {
        // its thread ended already
      }
    }
    boolean interrupted = false;
    for (Thread t : threads) {
      while (true) {
        try {
          t.join();
          break;
        } catch (InterruptedException e) {
          interrupted = true; // closing must finish: nothing may be left running
        }
      }
    }
    for (Loop loop : loops) {
      GROUPS.remove(loop, this);
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    RuntimeException first = null;
    for (Throwable f : loopFailures) {
      if (f == null) {
        continue;
      }
      if (f instanceof Error e) {
        throw e;
      }
      if (first == null) {
        first = f instanceof RuntimeException r ? r : new IllegalStateException(f);
      } else if (first != f) {
        first.addSuppressed(f);
      }
    }
    if (first != null) {
      throw first;
    }
  }

  @Override
  public String toString() {
    return "LoopGroup['" + name + "', " + loops.size() + " loops, " + placement.name().toLowerCase()
        + (closed ? ", closed]" : "]");
  }
}
