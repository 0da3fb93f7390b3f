package dev.jasyncio.examples;

import dev.jasyncio.Async;
import java.io.PrintStream;

/** Seed 002, countsync.py. */
public final class CountSync implements Example {
  @Override
  public String name() {
    return "countsync";
  }

  @Override
  public String title() {
    return "seed 002 countsync.py: three counts in sequence";
  }

  @Override
  public String lesson() {
    return "Called one after another, each count waits its second before the next starts: One Two"
        + " One Two One Two, in 3 s.";
  }

  static void count(PrintStream out) {
    out.println("One");
    Async.sleep(1);
    out.println("Two");
  }

  @Override
  public void run(PrintStream out) {
    for (int i = 0; i < 3; i++) {
      count(out);
    }
  }
}
