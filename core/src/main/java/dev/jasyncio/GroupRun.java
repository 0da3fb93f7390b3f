package dev.jasyncio;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * One {@link LoopGroup#run}: a main per loop, gathered with {@link TaskGroup}'s rules. The mains
 * are never cancelled through their futures (that would complete a future while its task still
 * unwinds) but through their tasks, so every future completes only once its task has ended.
 */
final class GroupRun<T> {
  private final LoopGroup group;
  private final Callable<T> main;
  /** Each loop's main task, set as it starts. */
  private final AtomicReferenceArray<Task<?>> tasks;
  /** Failures in the order they happened; guarded by itself. */
  private final List<Throwable> failures = new ArrayList<>();
  private volatile String cancelling;
  private volatile boolean cancelledFromElsewhere;

  GroupRun(LoopGroup group, Callable<T> main) {
    this.group = group;
    this.main = main;
    this.tasks = new AtomicReferenceArray<>(group.size());
  }

  List<T> gather() {
    int n = group.size();
    List<CompletableFuture<T>> futures = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int index = i;
      CompletableFuture<T> f;
      try {
        f = submit(index); // queued, not woken yet
      } catch (RuntimeException closing) { // the group closed under us: end what started
        wakeAll(-1);
        cancelAll("LoopGroup.run: the group is closing");
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).handle((v, e) -> null).join();
        throw closing;
      }
      // the run waits on the future whenComplete returns: it completes after ended() has run (a
      // future runs its dependents last-registered first, so allOf on f could wake the caller
      // before ended() recorded the failure)
      futures.add(f.whenComplete((v, e) -> ended(e)));
    }
    wakeAll(-1);
    CompletableFuture<Void> all = CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new));
    boolean interrupted = false;
    try {
      all.get();
    } catch (InterruptedException e) {
      interrupted = true;
      cancelAll("LoopGroup.run: the calling thread was interrupted");
    } catch (ExecutionException e) {
      // a main failed: its outcome is in failures
    }
    all.handle((v, e) -> null).join(); // every main has ended: none outlives the run
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    synchronized (failures) {
      if (!failures.isEmpty()) {
        throw new ExceptionGroup("LoopGroup.run: " + failures.size() + " of " + n
            + " mains failed", failures);
      }
    }
    if (interrupted || cancelledFromElsewhere) {
      throw new CancelledException(interrupted ? "LoopGroup.run: the calling thread was interrupted"
          : "LoopGroup.run: a main was cancelled");
    }
    List<T> results = new ArrayList<>(n);
    for (CompletableFuture<T> f : futures) {
      results.add(f.join());
    }
    return results;
  }

  /**
   * Queues loop {@code index}'s main without waking the loop: the caller wakes them all once every
   * main is queued, and each main wakes the others as it starts. A caller that woke each loop as it
   * queued its main was often preempted by the first one, which the kernel runs on the waker's own
   * CPU, and queued the next main only when it ran again (1 to 4 ms late in about one run in ten on
   * a 2-CPU virtual machine); now the first loop to run wakes the rest.
   */
  private CompletableFuture<T> submit(int index) {
    return group.loop(index).submit(() -> {
      wakeAll(index);
      Task<?> self = Async.currentTask();
      tasks.set(index, self);
      String why = cancelling; // read after publishing the task: cancelAll sees one or the other
      if (why != null) {
        self.cancel(why);
      }
      return main.call();
    }, false);
  }

  /** Wakes every loop of the group but {@code except} (-1 for none). */
  private void wakeAll(int except) {
    for (int i = 0; i < group.size(); i++) {
      if (i != except) {
        group.loop(i).scheduler.wakeup();
      }
    }
  }

  /** On the loop of a main that ended: a failure, or a cancellation not ours, ends the others. */
  private void ended(Throwable e) {
    if (e == null) {
      return;
    }
    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    if (cause instanceof CancellationException || cause instanceof CancelledException) {
      if (cancelling == null) {
        cancelledFromElsewhere = true;
        cancelAll("LoopGroup.run: another main was cancelled");
      }
      return;
    }
    synchronized (failures) {
      failures.add(cause);
    }
    cancelAll("LoopGroup.run: another main failed");
  }

  private void cancelAll(String why) {
    if (cancelling == null) {
      cancelling = why;
    }
    for (int i = 0; i < tasks.length(); i++) {
      Task<?> t = tasks.get(i);
      if (t != null) {
        t.cancel(cancelling);
      }
    }
  }
}
