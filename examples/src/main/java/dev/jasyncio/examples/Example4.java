package dev.jasyncio.examples;

import static dev.jasyncio.examples.FetchData.fetchData;

import dev.jasyncio.Async;
import dev.jasyncio.Task;
import java.io.PrintStream;
import java.util.List;

/** Seed 000, example4.py: the order of the awaits does not change the schedule. */
public final class Example4 implements Example {
  @Override
  public String name() {
    return "example4";
  }

  @Override
  public String title() {
    return "seed 000 example4.py: await order does not change the schedule";
  }

  @Override
  public String lesson() {
    return "Awaiting task 2 before task 1 changes only when main looks: both tasks already run on"
        + " the loop, task 1 is done after 1 s either way, and the whole still takes 2 s.";
  }

  @Override
  public void run(PrintStream out) {
    Task<String> task1 = Async.createTask(() -> fetchData(out, 1));
    Task<String> task2 = Async.createTask(() -> fetchData(out, 2));
    String result2 = task2.await();
    out.println("Task 2 fully completed");
    String result1 = task1.await();
    out.println("Task 1 fully completed");
    out.println(List.of(result1, result2));
  }
}
