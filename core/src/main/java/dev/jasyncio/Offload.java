package dev.jasyncio;

import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Work handed off the loop: the blocking-I/O pool, the CPU pool, any executor, any
 * {@link CompletionStage}. The awaiting task waits on a promise; the outcome comes back through
 * the loop's inbox. Virtual time stands still while such work is in flight.
 */
final class Offload {
  private Offload() {}

  /** Max concurrent blocking calls: {@code -Djasyncio.blockingPoolSize}, default 256. */
  static final int BLOCKING_LIMIT = Integer.getInteger("jasyncio.blockingPoolSize", 256);

  private static final class Pools {
    /** Virtual threads on the JDK's scheduler, at most BLOCKING_LIMIT running at once. */
    static final Executor BLOCKING = new Executor() {
      private final Semaphore limit = new Semaphore(BLOCKING_LIMIT, true);
      // a Thread.Builder is not thread-safe; its factory is
      private final java.util.concurrent.ThreadFactory threads =
          CarrierEngine.offLoopBuilder().name("jasyncio-blocking-", 0).factory();

      @Override
      public void execute(Runnable r) {
        threads.newThread(() -> {
          limit.acquireUninterruptibly();
          try {
            r.run();
          } finally {
            limit.release();
          }
        }).start();
      }
    };

    static final ExecutorService CPU = Executors.newFixedThreadPool(
        Runtime.getRuntime().availableProcessors(), daemonFactory("jasyncio-cpu-"));

    /**
     * Platform threads that carry a carrier-backend task's thread through its blocking section:
     * as many as sections are running at once (a section that parks gives its carrier back),
     * each kept a minute when idle, as the JDK's scheduler adds a carrier for a virtual thread
     * blocked in a file read.
     */
    static final ExecutorService CARRIERS = new ThreadPoolExecutor(0, Integer.MAX_VALUE,
        60, TimeUnit.SECONDS, new SynchronousQueue<>(), daemonFactory("jasyncio-blocking-carrier-"));
  }

  static Executor blockingPool() {
    return Pools.BLOCKING;
  }

  static Executor cpuPool() {
    return Pools.CPU;
  }

  /** The carriers of blocking sections on the carrier backend (see {@code CarrierEngine}). */
  static Executor blockingCarriers() {
    return Pools.CARRIERS;
  }

  private static java.util.concurrent.ThreadFactory daemonFactory(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** Runs {@code call} on {@code executor}; the caller awaits it without holding the loop. */
  static <T> T runIn(Executor executor, Callable<T> call, String what) {
    Task<?> me = Task.requireCurrent(what);
    me.checkpoint();
    Loop loop = me.loop;
    Promise<T> p = new Promise<T>(loop).offloaded(what);
    Callable<T> body = ContextVar.carrying(call);
    if (loop.profiler != null || EventRelay.mayRecord()) {
      body = OffloadEvent.around(what, me, body); // a span for the profile or a recording
    }
    FutureTask<T> work = new FutureTask<>(body) {
      @Override
      protected void done() {
        loop.postFromAnyThread(() -> settle(loop, p, this));
      }
    };
    loop.externalStarted();
    try {
      executor.execute(work);
    } catch (RuntimeException e) {
      loop.externalFinished();
      throw e;
    }
    try {
      return p.await();
    } finally {
      if (!work.isDone()) {
        work.cancel(true); // the awaiting task was cancelled: interrupt the call
      }
    }
  }

  private static <T> void settle(Loop loop, Promise<T> p, FutureTask<T> work) {
    loop.externalFinished();
    if (p.isDone()) {
      return;
    }
    try {
      p.complete(Promise.RESULT, work.get());
    } catch (ExecutionException e) {
      p.complete(Promise.FAILED, e.getCause());
    } catch (CancellationException | InterruptedException e) {
      p.complete(Promise.CANCELLED, new CancelledException("offloaded call was cancelled"));
    }
  }

  /** Awaits a stage completed elsewhere; cancelling the awaiting task cancels the stage. */
  static <T> T await(CompletionStage<T> stage) {
    Task<?> me = Task.requireCurrent("Async.await");
    Loop loop = me.loop;
    Promise<T> p = new Promise<T>(loop).offloaded("Async.await(stage)");
    loop.externalStarted();
    boolean[] settled = new boolean[1];
    stage.whenComplete((v, e) -> loop.postFromAnyThread(() -> {
      loop.externalFinished();
      settled[0] = true;
      if (p.isDone()) {
        return;
      }
      if (e == null) {
        p.complete(Promise.RESULT, v);
      } else {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof CancellationException) {
          p.complete(Promise.CANCELLED, new CancelledException("the awaited stage was cancelled"));
        } else {
          p.complete(Promise.FAILED, cause);
        }
      }
    }));
    try {
      return p.await();
    } catch (CancelledException c) {
      if (!settled[0]) {
        stage.toCompletableFuture().cancel(true);
      }
      throw c;
    }
  }
}
