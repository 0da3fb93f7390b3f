package dev.jasyncio;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * {@link Async#gather} and {@link Async#gatherSettled}: wait for several promises, results in
 * the order given. Cancelling the waiting task cancels the children and waits until they have
 * finished; children that failed meanwhile win over the cancellation (an {@link ExceptionGroup},
 * as a {@link TaskGroup} does), so no failure is dropped.
 */
final class Gather {
  private Gather() {}

  static <T> List<T> gather(List<? extends Promise<? extends T>> promises) {
    Task<?> me = start("Async.gather", promises);
    Completions<Promise<? extends T>> c = new Completions<>(promises);
    try {
      while (true) {
        Promise<?> p;
        while ((p = c.poll()) != null) {
          if (p.state != Promise.RESULT) {
            // the first failure (or a child's own cancellation) goes to the caller; the other
            // children keep running, as asyncio documents
            p.resultRetrieved();
          }
        }
        if (c.pending() == 0) {
          break;
        }
        awaitNext(me, c, promises);
      }
    } finally {
      c.close();
    }
    List<T> out = new ArrayList<>(promises.size());
    for (Promise<? extends T> p : promises) {
      out.add(p.resultRetrieved());
    }
    return out;
  }

  static <T> List<Outcome<T>> gatherSettled(List<? extends Promise<? extends T>> promises) {
    Task<?> me = start("Async.gatherSettled", promises);
    Completions<Promise<? extends T>> c = new Completions<>(promises);
    try {
      while (c.pending() > 0) {
        while (c.poll() != null) {
          // outcomes are read in the order given, below
        }
        awaitNext(me, c, promises);
      }
    } finally {
      c.close();
    }
    List<Outcome<T>> out = new ArrayList<>(promises.size());
    for (Promise<? extends T> p : promises) {
      out.add(settled(p));
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static <T> Outcome<T> settled(Promise<? extends T> p) {
    return (Outcome<T>) Outcome.of(p);
  }

  /** Waits for one more child; if the caller is cancelled, cancels the children first. */
  private static <P extends Promise<?>> void awaitNext(Task<?> me, Completions<P> c,
      Collection<? extends P> children) {
    try {
      c.awaitNext(me, Long.MAX_VALUE);
    } catch (CancelledException cancelled) {
      Completions.cancelAndJoin(me, children, null);
      List<Throwable> failures = new ArrayList<>();
      for (P p : children) {
        if (p.state == Promise.FAILED) {
          failures.add(p.exception());
        }
      }
      if (!failures.isEmpty()) {
        ExceptionGroup g = new ExceptionGroup("children failed while gather was cancelled", failures);
        g.addSuppressed(cancelled);
        throw g;
      }
      throw cancelled;
    }
  }

  /** Checks the call and returns the calling task. */
  static Task<?> start(String what, Collection<? extends Promise<?>> promises) {
    Objects.requireNonNull(promises, "tasks");
    Task<?> me = Task.requireCurrent(what);
    for (Promise<?> p : promises) {
      Objects.requireNonNull(p, () -> what + ": a task or promise is null");
      if (p.loop != me.loop) {
        throw WrongLoopException.of(what, p, p.loop, me.loop);
      }
    }
    return me;
  }
}
