package dev.jasyncio.examples;

import dev.jasyncio.Async;
import dev.jasyncio.Task;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/** Seed 000, example6.py: blocking and CPU-bound code off the loop, with toThread and onCpu. */
public final class Example6 implements Example {
  private final Duration unit;

  /** The tour's version: the seed's seconds are half seconds. */
  public Example6() {
    this(Duration.ofMillis(500));
  }

  /**
   * An example6 whose blocking calls last {@code param * unit}.
   *
   * @param unit how long one "second" of the seed blocks
   */
  public Example6(Duration unit) {
    this.unit = unit;
  }

  @Override
  public String name() {
    return "example6";
  }

  @Override
  public String title() {
    return "seed 000 example6.py: toThread and the CPU pool";
  }

  @Override
  public String lesson() {
    return "Blocking code stays plain code and runs off the loop: Async.toThread for blocking"
        + " calls (asyncio.to_thread), Async.onCpu for CPU-bound work (the process pool; the JVM"
        + " has no GIL, so threads give the parallelism). Both calls overlap and the loop stays"
        + " free. (Seed seconds are half seconds here.)";
  }

  /** The synchronous fetch_data of the seed: it blocks the thread it runs on. */
  private String fetchData(PrintStream out, int param) throws InterruptedException {
    out.println("Do something with " + param + "...");
    Thread.sleep(unit.multipliedBy(param));
    out.println("Done with " + param);
    return "Result of " + param;
  }

  @Override
  public void run(PrintStream out) {
    out.println("-- threads: Async.toThread");
    Task<String> task1 = Async.createTask(() -> Async.toThread(() -> fetchData(out, 1)));
    Task<String> task2 = Async.createTask(() -> Async.toThread(() -> fetchData(out, 2)));
    out.println(List.of(task1.await(), task2.await()));

    out.println("-- CPU pool: Async.onCpu");
    Task<String> cpu1 = Async.createTask(() -> Async.onCpu(() -> fetchData(out, 1)));
    Task<String> cpu2 = Async.createTask(() -> Async.onCpu(() -> fetchData(out, 2)));
    out.println(List.of(cpu1.await(), cpu2.await()));
  }
}
