package dev.jasyncio.examples;

import dev.jasyncio.Async;
import dev.jasyncio.Task;
import java.io.PrintStream;
import java.util.List;

/** Seed 004: find_divisibles as tasks that yield now and then. */
public final class FindDivisiblesTasks implements Example {
  @Override
  public String name() {
    return "divisibles-tasks";
  }

  @Override
  public String title() {
    return "seed 004: find_divisibles as tasks, with periodic yields";
  }

  @Override
  public String lesson() {
    return "Tasks alone do not help code that never suspends; with a short sleep every 50000"
        + " numbers each search gives the loop back, the searches interleave and the shortest"
        + " finishes first.";
  }

  /** find_divisibles that gives the loop back every 50000 numbers. */
  static List<Integer> findDivisibles(PrintStream out, int inrange, int divBy) {
    return FindDivisibles.findDivisibles(out, inrange, divBy, 50000);
  }

  @Override
  public void run(PrintStream out) {
    Task<List<Integer>> divs1 = Async.createTask(() -> findDivisibles(out, 508000, 34113));
    Task<List<Integer>> divs2 = Async.createTask(() -> findDivisibles(out, 100052, 3210));
    Task<List<Integer>> divs3 = Async.createTask(() -> findDivisibles(out, 500, 3));
    divs1.await();
    divs2.await();
    divs3.await();
    out.println(divs1.result());
  }
}
