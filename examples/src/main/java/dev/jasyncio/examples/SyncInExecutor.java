package dev.jasyncio.examples;

import dev.jasyncio.Async;
import dev.jasyncio.Task;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Seed 001: mixing async and sync, a slow synchronous call in an executor. */
public final class SyncInExecutor implements Example {
  private final Duration slow;

  /** The tour's version: the seed's 5 s task takes 1 s. */
  public SyncInExecutor() {
    this(Duration.ofSeconds(1));
  }

  /**
   * A version whose slow task blocks for {@code slow}.
   *
   * @param slow how long the synchronous task blocks
   */
  public SyncInExecutor(Duration slow) {
    this.slow = slow;
  }

  @Override
  public String name() {
    return "executor";
  }

  @Override
  public String title() {
    return "seed 001: sync code in an executor (run_in_executor)";
  }

  @Override
  public String lesson() {
    return "Legacy blocking code runs unchanged on an executor thread with Async.runInExecutor;"
        + " the caller waits without holding the loop, so another task keeps ticking meanwhile."
        + " (The seed's 5 s task takes 1 s here.)";
  }

  private void syncTask(PrintStream out) throws InterruptedException {
    out.println("Starting a slow sync task...");
    Thread.sleep(slow); // simulating a long task
    out.println("Finished the slow task.");
  }

  @Override
  public void run(PrintStream out) {
    try (ExecutorService executor = Executors.newSingleThreadExecutor()) {
      Task<Void> wrapper = Async.createTask(() -> {
        Async.runInExecutor(executor, () -> {
          syncTask(out);
          return null;
        });
      });
      Task<Void> other = Async.createTask(() -> {
        while (!wrapper.isDone()) {
          Async.sleep(slow.dividedBy(5));
          out.println("another task: the loop is free");
        }
      });
      wrapper.await();
      other.await();
    }
  }
}
