package dev.jasyncio.examples;

import static dev.jasyncio.examples.FetchData.fetchData;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;

/** Seed 000, example2.py: the mistake, awaiting one call after another. */
public final class Example2 implements Example {
  @Override
  public String name() {
    return "example2";
  }

  @Override
  public String title() {
    return "seed 000 example2.py: the mistake (no tasks, no concurrency)";
  }

  @Override
  public String lesson() {
    return "Having a loop is no guarantee of concurrency: like Python's fetch_data(1), a Callable"
        + " only describes the work, and calling it runs it to its end. Two calls in turn take"
        + " 3 s, as in example1; only tasks run at the same time.";
  }

  @Override
  public void run(PrintStream out) throws Exception {
    Callable<String> task1 = () -> fetchData(out, 1); // nothing runs yet: not a task
    Callable<String> task2 = () -> fetchData(out, 2);
    String result1 = task1.call(); // runs to its end, like `await task1` on a coroutine
    out.println("Task 1 fully completed");
    String result2 = task2.call();
    out.println("Task 2 fully completed");
    out.println(List.of(result1, result2));
  }
}
