package dev.jasyncio.examples;

import static dev.jasyncio.examples.FetchData.fetchData;

import java.io.PrintStream;
import java.util.List;

/** Seed 000, example1.py: the synchronous baseline. */
public final class Example1 implements Example {
  @Override
  public String name() {
    return "example1";
  }

  @Override
  public String title() {
    return "seed 000 example1.py: the synchronous baseline";
  }

  @Override
  public String lesson() {
    return "Plain sequential code: each call runs to its end before the next starts, so the waits"
        + " add up (1 s + 2 s = 3 s). The seed waits with time.sleep; here the same plain method"
        + " waits in the only task, so nothing else could use the wait either.";
  }

  @Override
  public void run(PrintStream out) {
    String result1 = fetchData(out, 1);
    out.println("Fetch 1 fully completed");
    String result2 = fetchData(out, 2);
    out.println("Fetch 2 fully completed");
    out.println(List.of(result1, result2));
  }
}
