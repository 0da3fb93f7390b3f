package dev.jasyncio.examples;

import dev.jasyncio.Async;
import dev.jasyncio.Task;
import java.io.PrintStream;
import java.time.Duration;

/**
 * The embedded demo behind {@code ./jasyncio demo}: two first lessons of the seed tutorials, in
 * real time. Seed 003's hello1/hello2 (the task created first prints last, because it sleeps) and
 * seed 002's countsync versus countasync (three one-second waits take three seconds one after
 * another, one second as tasks).
 */
public final class Demo {
  private Demo() {}

  /** hello1 sleeps half a second before printing; hello2 prints at once. */
  public static void hello(PrintStream out) {
    Task<Void> task1 = Async.createTask(() -> {
      Async.sleep(0.5);
      out.println("hi 1");
    });
    Task<Void> task2 = Async.createTask(() -> out.println("hi 2"));
    task1.await();
    task2.await();
  }

  /** countsync.py: plain blocking code, one count after another. */
  public static void countSync(PrintStream out) throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      out.println("One");
      Thread.sleep(1000);
      out.println("Two");
    }
  }

  /** One count: print, wait a second without holding the loop, print. */
  public static void count(PrintStream out) {
    out.println("One");
    Async.sleep(Duration.ofSeconds(1));
    out.println("Two");
  }

  /** countasync.py: three counts as tasks on one loop. */
  public static void countAsync(PrintStream out) {
    Task<?>[] tasks = new Task<?>[3];
    for (int i = 0; i < 3; i++) {
      tasks[i] = Async.createTask(() -> count(out));
    }
    for (Task<?> t : tasks) {
      t.await();
    }
  }

  /** The three counts awaited one after another on the loop: no concurrency. */
  public static void countSequential(PrintStream out) {
    for (int i = 0; i < 3; i++) {
      count(out);
    }
  }

  public static void main(String[] args) throws Exception {
    PrintStream out = System.out;
    out.println("== hello1/hello2 (seed 003): hello1 is created first but sleeps, so hello2 prints first");
    long t0 = System.nanoTime();
    Async.run(() -> hello(out));
    out.printf("hello executed in %.2f seconds.%n%n", (System.nanoTime() - t0) / 1e9);

    out.println("== countsync (seed 002): blocking sleeps, one after another");
    t0 = System.nanoTime();
    countSync(out);
    out.printf("countsync executed in %.2f seconds.%n%n", (System.nanoTime() - t0) / 1e9);

    out.println("== countasync (seed 002): three tasks on one loop, each waits without blocking it");
    t0 = System.nanoTime();
    Async.run(() -> countAsync(out));
    out.printf("countasync executed in %.2f seconds.%n", (System.nanoTime() - t0) / 1e9);
  }
}
