package dev.jasyncio.examples;

import dev.jasyncio.Async;
import dev.jasyncio.Task;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/** Seed 000, example5.py: a blocking call inside a task blocks the whole loop. */
public final class Example5 implements Example {
  private final Duration unit;

  /** The tour's version: "one second" of blocking is half a real second. */
  public Example5() {
    this(Duration.ofMillis(500));
  }

  /**
   * An example5 whose blocking calls last {@code param * unit}.
   *
   * @param unit how long one "second" of the seed blocks
   */
  public Example5(Duration unit) {
    this.unit = unit;
  }

  @Override
  public String name() {
    return "example5";
  }

  @Override
  public String title() {
    return "seed 000 example5.py: blocking the loop";
  }

  @Override
  public String lesson() {
    return "A task holds the loop from one suspension point to the next; a call that never"
        + " suspends (here a computation; on the portable backend also Thread.sleep, socket reads,"
        + " locks; on the carrier backend file I/O and native calls, which pin its thread) stops"
        + " every other task: the tasks run one after another. Debug mode names the task that"
        + " held the loop. (Seed seconds are half seconds here.)";
  }

  @Override
  public boolean debug() {
    return true;
  }

  /** fetch_data with time.sleep: blocking work that never gives the loop back. */
  private String fetchData(PrintStream out, int param) {
    out.println("Do something with " + param + "...");
    compute(unit.multipliedBy(param));
    out.println("Done with " + param);
    return "Result of " + param;
  }

  /** Busy computation for about {@code d}: no suspension point anywhere. */
  static long compute(Duration d) {
    long end = System.nanoTime() + d.toNanos();
    long n = 0;
    while (System.nanoTime() < end) {
      n++;
    }
    return n;
  }

  @Override
  public void run(PrintStream out) {
    Task<String> task1 = Async.createTask(() -> fetchData(out, 1), "fetch-1");
    Task<String> task2 = Async.createTask(() -> fetchData(out, 2), "fetch-2");
    String result1 = task1.await();
    out.println("Task 1 fully completed");
    String result2 = task2.await();
    out.println("Task 2 fully completed");
    out.println(List.of(result1, result2));
  }
}
