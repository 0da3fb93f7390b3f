package dev.jasyncio.examples;

import dev.jasyncio.Async;
import dev.jasyncio.CancelledException;
import dev.jasyncio.ExceptionGroup;
import dev.jasyncio.Outcome;
import dev.jasyncio.Task;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** Seed 000, example7.py: gather versus TaskGroup. */
public final class Example7 implements Example {
  @Override
  public String name() {
    return "example7";
  }

  @Override
  public String title() {
    return "seed 000 example7.py: gather versus TaskGroup";
  }

  @Override
  public String lesson() {
    return "gather returns results in order, but on a failure it throws at once and leaves the"
        + " other tasks running (orphans) unless you await them; gatherSettled"
        + " (return_exceptions=True) returns every outcome. A TaskGroup cancels the siblings of"
        + " a failed task, waits for all of them, and throws every failure together as one"
        + " ExceptionGroup.";
  }

  private double start;

  private String at() {
    return String.format(Locale.ROOT, "%.2f s", Async.currentLoop().time() - start);
  }

  /** Works {@code seconds}, then returns its name or, if {@code fails}, throws. */
  private String fetch(PrintStream out, String name, double seconds, boolean fails) {
    try {
      Async.sleep(seconds);
    } catch (CancelledException e) {
      out.println("  " + name + ": cancelled at " + at());
      throw e;
    }
    if (fails) {
      out.println("  " + name + ": fails at " + at());
      throw new IllegalStateException(name + " failed");
    }
    out.println("  " + name + ": done at " + at());
    return name;
  }

  @Override
  public void run(PrintStream out) {
    start = Async.currentLoop().time();

    out.println("gather: results in the order given");
    List<String> results = Async.gather(
        Async.createTask(() -> fetch(out, "slow", 0.5, false)),
        Async.createTask(() -> fetch(out, "fast", 0.25, false)));
    out.println("  -> " + results);

    out.println("gather with a failure: it throws at once, the others keep running");
    Task<String> a = Async.createTask(() -> fetch(out, "a", 0.5, false));
    Task<String> bad = Async.createTask(() -> fetch(out, "bad", 0.25, true));
    try {
      Async.gather(a, bad);
    } catch (IllegalStateException e) {
      out.println("  -> gather threw '" + e.getMessage() + "' at " + at() + "; a done? " + a.isDone());
    }
    out.println("  -> the orphan a still finishes: " + a.await());

    out.println("gatherSettled (return_exceptions=True): every outcome, nothing thrown");
    List<Outcome<String>> outcomes = Async.gatherSettled(
        Async.createTask(() -> fetch(out, "a", 0.5, false)),
        Async.createTask(() -> fetch(out, "bad", 0.25, true)));
    for (Outcome<String> o : outcomes) {
      out.println("  -> " + switch (o) {
        case Outcome.Success<String> s -> "ok: " + s.value();
        case Outcome.Failure<String> f -> "failed: " + f.error().getMessage();
        case Outcome.Cancelled<String> c -> "cancelled";
      });
    }

    out.println("TaskGroup: a failure cancels the siblings; all failures come together");
    try {
      Async.taskGroup(tg -> {
        tg.createTask(() -> fetch(out, "a", 0.5, false));
        tg.createTask(() -> fetch(out, "bad1", 0.25, true));
        tg.createTask(() -> fetch(out, "bad2", 0.25, true));
      });
    } catch (ExceptionGroup g) {
      out.println("  -> ExceptionGroup at " + at() + ": "
          + g.exceptions().stream().map(Throwable::getMessage).toList());
    }
  }
}
