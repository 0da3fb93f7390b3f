package dev.jasyncio.examples;

import dev.jasyncio.Async;
import dev.jasyncio.Semaphore;
import dev.jasyncio.Task;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Seed 002's tip (and seed 000's async3): limiting concurrency with a semaphore. */
public final class LimitConcurrency implements Example {
  static final int JOBS = 10;
  static final int AT_ONCE = 4;

  private int running;
  private int mostAtOnce;
  private double start;

  @Override
  public String name() {
    return "semaphore";
  }

  @Override
  public String title() {
    return "seed 002: limiting concurrency with a Semaphore";
  }

  @Override
  public String lesson() {
    return "Ten half-second jobs start at once, but a Semaphore(4) lets only four work at a time:"
        + " a job that finishes hands its permit to the next waiting one, in order, so the ten"
        + " take three rounds (1.5 s) and never overwhelm what they share.";
  }

  private void job(PrintStream out, Semaphore sem, int n) {
    try (var _ = sem.acquire()) { // async with sem:
      running++;
      mostAtOnce = Math.max(mostAtOnce, running);
      out.println(String.format(Locale.ROOT, "job %d starts at %.1f s", n,
          Async.currentLoop().time() - start));
      Async.sleep(0.5);
      running--;
    }
  }

  @Override
  public void run(PrintStream out) {
    start = Async.currentLoop().time();
    Semaphore sem = new Semaphore(AT_ONCE);
    List<Task<Void>> jobs = new ArrayList<>();
    for (int n = 1; n <= JOBS; n++) {
      int id = n;
      jobs.add(Async.createTask(() -> job(out, sem, id)));
    }
    for (Task<Void> j : jobs) {
      j.await();
    }
    out.println("at most " + mostAtOnce + " jobs worked at once");
  }
}
