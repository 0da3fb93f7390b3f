package dev.jasyncio.examples;

import dev.jasyncio.Async;
import dev.jasyncio.Task;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Seed 002: creating and gathering tasks, and as_completed. */
public final class GatherAsCompleted implements Example {
  @Override
  public String name() {
    return "gather";
  }

  @Override
  public String title() {
    return "seed 002: create_task, gather and as_completed";
  }

  @Override
  public String lesson() {
    return "gather waits for all and returns the results in the order given (10 s: the longest),"
        + " while asCompleted hands each task back as soon as it is done, fastest first. Runs on"
        + " a virtual clock even in the tour.";
  }

  @Override
  public boolean virtualInTour() {
    return true;
  }

  /** 'IO' wait time is proportional to the max element. */
  static List<Integer> coro(List<Integer> seq) {
    Async.sleep(Collections.max(seq));
    List<Integer> reversed = new ArrayList<>(seq);
    Collections.reverse(reversed);
    return reversed;
  }

  private static String now(double start) {
    return String.format(Locale.ROOT, "%.0f s", Async.currentLoop().time() - start);
  }

  @Override
  public void run(PrintStream out) {
    double start = Async.currentLoop().time();
    Task<List<Integer>> t = Async.createTask(() -> coro(List.of(3, 2, 1)));
    t.await();
    out.println("t: " + t.getClass().getName() + ", done: " + t.isDone() + " at " + now(start));

    start = Async.currentLoop().time();
    t = Async.createTask(() -> coro(List.of(3, 2, 1)));
    Task<List<Integer>> t2 = Async.createTask(() -> coro(List.of(10, 5, 0)));
    out.println("Start: " + now(start));
    List<List<Integer>> a = Async.gather(t, t2);
    out.println("End: " + now(start));
    out.println("Both tasks done: " + (t.isDone() && t2.isDone()));
    out.println(a);

    start = Async.currentLoop().time();
    t = Async.createTask(() -> coro(List.of(3, 2, 1)));
    t2 = Async.createTask(() -> coro(List.of(10, 5, 0)));
    out.println("Start: " + now(start));
    for (Task<List<Integer>> res : Async.asCompleted(List.of(t, t2))) {
      out.println("res: " + res.await() + " completed at " + now(start));
    }
    out.println("End: " + now(start));
    out.println("Both tasks done: " + (t.isDone() && t2.isDone()));
  }
}
