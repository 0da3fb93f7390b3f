package dev.jasyncio.examples;

import dev.jasyncio.Async;
import dev.jasyncio.Task;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** Seed 002, countasync.py. */
public final class CountAsync implements Example {
  @Override
  public String name() {
    return "countasync";
  }

  @Override
  public String title() {
    return "seed 002 countasync.py: three counts as tasks";
  }

  @Override
  public String lesson() {
    return "The same count() run as three tasks: each gives the loop back at its sleep, so all"
        + " three say One, then all three say Two, after 1 s instead of 3. The code of count() did"
        + " not change: what runs concurrently is decided by who starts tasks.";
  }

  @Override
  public void run(PrintStream out) {
    List<Task<Void>> tasks = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      tasks.add(Async.createTask(() -> CountSync.count(out)));
    }
    Async.gather(tasks); // asyncio.gather(count(), count(), count())
  }
}
