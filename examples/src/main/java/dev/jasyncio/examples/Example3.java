package dev.jasyncio.examples;

import static dev.jasyncio.examples.FetchData.fetchData;

import dev.jasyncio.Async;
import dev.jasyncio.Task;
import java.io.PrintStream;
import java.util.List;

/** Seed 000, example3.py: tasks give concurrency. */
public final class Example3 implements Example {
  @Override
  public String name() {
    return "example3";
  }

  @Override
  public String title() {
    return "seed 000 example3.py: tasks give concurrency";
  }

  @Override
  public String lesson() {
    return "Async.createTask hands the work to the loop, which runs it while main waits: both"
        + " fetches wait at the same time, so the program takes 2 s (the longest), not 3 s.";
  }

  @Override
  public void run(PrintStream out) {
    Task<String> task1 = Async.createTask(() -> fetchData(out, 1));
    Task<String> task2 = Async.createTask(() -> fetchData(out, 2));
    String result1 = task1.await();
    out.println("Task 1 fully completed");
    String result2 = task2.await();
    out.println("Task 2 fully completed");
    out.println(List.of(result1, result2));
  }
}
