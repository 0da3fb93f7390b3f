package dev.jasyncio.examples;

import dev.jasyncio.Async;
import dev.jasyncio.Task;
import java.io.PrintStream;

/** Seed 003: hello1 and hello2. */
public final class Hello1Hello2 implements Example {
  @Override
  public String name() {
    return "hello1-hello2";
  }

  @Override
  public String title() {
    return "seed 003: hello1/hello2 ordering";
  }

  @Override
  public String lesson() {
    return "hello1's task is created first but sleeps half a second, so hello2 prints first: the"
        + " tasks run side by side on the loop while main's code reads top to bottom.";
  }

  static void hello1(PrintStream out) {
    Async.sleep(0.5);
    out.println("hi 1");
  }

  static void hello2(PrintStream out) {
    out.println("hi 2");
  }

  @Override
  public void run(PrintStream out) {
    Task<Void> task1 = Async.createTask(() -> hello1(out));
    Task<Void> task2 = Async.createTask(() -> hello2(out));
    task1.await();
    task2.await();
  }
}
