package dev.jasyncio.examples;

import dev.jasyncio.Async;
import java.io.PrintStream;

/** Seed 001: "Hello, Async World!" after a two-second pause. */
public final class HelloAsyncWorld implements Example {
  @Override
  public String name() {
    return "hello-async";
  }

  @Override
  public String title() {
    return "seed 001: hello async world";
  }

  @Override
  public String lesson() {
    return "Async.sleep(2) suspends only the calling task; the loop is free meanwhile. With nothing"
        + " else to run, the program just waits 2 s and prints.";
  }

  @Override
  public void run(PrintStream out) {
    Async.sleep(2);
    out.println("Hello, Async World!");
  }
}
