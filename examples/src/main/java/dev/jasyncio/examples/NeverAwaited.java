package dev.jasyncio.examples;

import dev.jasyncio.Async;
import java.io.PrintStream;

/** Seed 004: tasks that are never awaited, and debug mode catching them. */
public final class NeverAwaited implements Example {
  @Override
  public String name() {
    return "never-awaited";
  }

  @Override
  public String title() {
    return "seed 004: never-awaited tasks, caught by debug mode";
  }

  @Override
  public String lesson() {
    return "main starts three searches and returns without awaiting them: when the loop closes it"
        + " cancels them, so they never finish and no error says so. Debug mode"
        + " (-Djasyncio.debug=true or JASYNCIO_DEBUG=1) reports each one with the line that"
        + " created it.";
  }

  @Override
  public boolean debug() {
    return true;
  }

  @Override
  public void run(PrintStream out) {
    Async.createTask(() -> FindDivisiblesTasks.findDivisibles(out, 508000, 34113));
    Async.createTask(() -> FindDivisiblesTasks.findDivisibles(out, 100052, 3210));
    Async.createTask(() -> FindDivisiblesTasks.findDivisibles(out, 500, 3));
    out.println("main returns without awaiting its tasks");
  }
}
