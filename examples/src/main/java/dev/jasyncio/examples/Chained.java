package dev.jasyncio.examples;

import dev.jasyncio.Async;
import dev.jasyncio.Task;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/** Seed 002, chained.py: chained coroutines, with a seeded random. */
public final class Chained implements Example {
  private final List<Integer> args;
  private final Random random = new Random(444);

  /** The seed's run: {@code chained.py 9 6 3}. */
  public Chained() {
    this(List.of(9, 6, 3));
  }

  /**
   * A run with these chain numbers.
   *
   * @param args the numbers, like {@code chained.py 9 6 3}
   */
  public Chained(List<Integer> args) {
    this.args = List.copyOf(args);
  }

  @Override
  public Example withArgs(List<String> args) {
    if (args.isEmpty()) {
      return this;
    }
    List<Integer> ns = new ArrayList<>();
    for (String a : args) {
      try {
        ns.add(Integer.parseInt(a));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("chained takes integers, not '" + a + "'");
      }
    }
    return new Chained(ns);
  }

  @Override
  public String name() {
    return "chained";
  }

  @Override
  public String title() {
    return "seed 002 chained.py: chained coroutines (random seeded with 444)";
  }

  @Override
  public String lesson() {
    return "Each chain awaits part1 then feeds its result to part2; the chains run side by side,"
        + " so part2 of one chain starts as soon as its own part1 is done, and the program takes"
        + " as long as the longest chain. Runs on a virtual clock even in the tour.";
  }

  @Override
  public boolean virtualInTour() {
    return true;
  }

  private String part1(PrintStream out, int n) {
    int i = random.nextInt(11);
    out.printf("part1(%d) sleeping for %d seconds.%n", n, i);
    Async.sleep(i);
    String result = "result" + n + "-1";
    out.printf("Returning part1(%d) == %s.%n", n, result);
    return result;
  }

  private String part2(PrintStream out, int n, String arg) {
    int i = random.nextInt(11);
    out.printf("part2(%d, '%s') sleeping for %d seconds.%n", n, arg, i);
    Async.sleep(i);
    String result = "result" + n + "-2 derived from " + arg;
    out.printf("Returning part2(%d, '%s') == %s.%n", n, arg, result);
    return result;
  }

  private void chain(PrintStream out, int n) {
    double start = Async.currentLoop().time();
    String p1 = part1(out, n);
    String p2 = part2(out, n, p1);
    double took = Async.currentLoop().time() - start;
    out.println(String.format(Locale.ROOT, "-->Chained result%d => %s (took %.2f seconds).", n, p2, took));
  }

  @Override
  public void run(PrintStream out) {
    double start = Async.currentLoop().time();
    List<Task<Void>> chains = new ArrayList<>();
    for (int n : args) {
      chains.add(Async.createTask(() -> chain(out, n)));
    }
    Async.gather(chains);
    out.println(String.format(Locale.ROOT, "Program finished in %.2f seconds.",
        Async.currentLoop().time() - start));
  }
}
