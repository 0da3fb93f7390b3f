package dev.jasyncio.examples;

import dev.jasyncio.Async;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** Seed 004: find_divisibles, three calls in sequence. */
public final class FindDivisibles implements Example {
  @Override
  public String name() {
    return "divisibles";
  }

  @Override
  public String title() {
    return "seed 004: find_divisibles in sequence";
  }

  @Override
  public String lesson() {
    return "Three plain calls run in the order written: the two short searches wait for the long"
        + " one to finish first.";
  }

  /**
   * The seed's find_divisibles: every number below {@code inrange} divisible by {@code divBy}.
   * With {@code yieldEvery > 0} it sleeps briefly every {@code yieldEvery} numbers, giving the loop
   * back to other tasks (the seed's {@code await asyncio.sleep(0.0001)}); with 0 it never does.
   */
  static List<Integer> findDivisibles(PrintStream out, int inrange, int divBy, int yieldEvery) {
    out.printf("finding nums in range %d divisible by %d%n", inrange, divBy);
    List<Integer> located = new ArrayList<>();
    for (int i = 0; i < inrange; i++) {
      if (i % divBy == 0) {
        located.add(i);
      }
      if (yieldEvery > 0 && i % yieldEvery == 0) {
        Async.sleep(0.0001);
      }
    }
    out.printf("Done w/ nums in range %d divisible by %d%n", inrange, divBy);
    return located;
  }

  @Override
  public void run(PrintStream out) {
    findDivisibles(out, 508000, 34113, 0);
    findDivisibles(out, 100052, 3210, 0);
    findDivisibles(out, 500, 3, 0);
  }
}
