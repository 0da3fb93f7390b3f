package dev.jasyncio.examples;

import dev.jasyncio.Async;
import java.io.PrintStream;

/** Seed 001: doing something else while waiting. */
public final class SomethingElse implements Example {
  @Override
  public String name() {
    return "something-else";
  }

  @Override
  public String title() {
    return "seed 001: doing something else while waiting";
  }

  @Override
  public String lesson() {
    return "While say_hello waits its 2 s, the loop runs the other task, which starts and even"
        + " finishes first: 2 s in all, not 3.";
  }

  static void sayHelloAsync(PrintStream out) {
    Async.sleep(2); // simulates waiting for 2 seconds
    out.println("Hello, Async World!");
  }

  static void doSomethingElse(PrintStream out) {
    out.println("Starting another task...");
    Async.sleep(1); // simulates doing something else for 1 second
    out.println("Finished another task!");
  }

  @Override
  public void run(PrintStream out) {
    // schedule both tasks to run concurrently, and wait for both
    Async.gather(Async.createTask(() -> sayHelloAsync(out)), Async.createTask(() -> doSomethingElse(out)));
  }
}
