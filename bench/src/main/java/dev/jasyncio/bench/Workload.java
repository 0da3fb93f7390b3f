package dev.jasyncio.bench;

import java.util.Locale;

/**
 * The comparison workloads, the same in every peer. Each has a full size and a smaller
 * {@code --quick} size for the slow ones, so a quick run stays within a few minutes on 2 cores.
 *
 * @param id the name on the command line and in the table
 * @param kind the workload a peer runs ({@link Peer#run})
 * @param n full size
 * @param quickN size under {@code --quick}, or 0 to leave the workload out of a quick run
 * @param runs measured runs (full)
 * @param warmups warm-up runs inside the peer process before measuring (full)
 * @param unit what one of {@code n} is, for the per-op column
 * @param what one line for the table's legend
 */
public record Workload(String id, String kind, int n, int quickN, int runs, int warmups,
    String unit, String what) {

  /** Every workload, in table order. */
  public static final Workload[] ALL = {
      new Workload("spawn", "spawn", 200_000, 200_000, 7, 3, "task",
          "spawn 200 k tasks that return at once, then await each"),
      new Workload("promise-pingpong", "promise-pingpong", 100_000, 100_000, 7, 3, "round trip",
          "two tasks hand a value back and forth through one-shot promises (futures)"),
      new Workload("queue-pingpong", "queue-pingpong", 100_000, 100_000, 7, 3, "round trip",
          "two tasks hand a value back and forth through two bounded queues of capacity 1"),
      new Workload("semaphore", "semaphore", 100_000, 100_000, 7, 3, "task",
          "100 k tasks each acquire a semaphore of 100 permits, yield once, release"),
      new Workload("producer-consumer", "producer-consumer", 1_000_000, 200_000, 5, 2, "item",
          "one producer puts 1 M integers into a bounded queue (capacity 1024), one consumer gets them"),
      new Workload("sleep-100k", "sleep", 100_000, 100_000, 3, 1, "task",
          "100 k tasks sleep 1 s concurrently; time above 1 s and peak memory per task"),
      new Workload("sleep-1m", "sleep", 1_000_000, 0, 3, 1, "task",
          "1 M tasks sleep 1 s concurrently; time above 1 s and peak memory per task"),
      new Workload("tcp-echo", "tcp-echo", 10_000, 0, 5, 2, "round trip",
          "10 k request/response round trips over one loopback TCP connection (needs dev.jasyncio.io)"),
  };

  /**
   * The workload named {@code id}.
   *
   * @param id a workload name
   * @return the workload
   * @throws IllegalArgumentException naming the known workloads, if there is none
   */
  public static Workload named(String id) {
    for (Workload w : ALL) {
      if (w.id.equals(id.toLowerCase(Locale.ROOT))) {
        return w;
      }
    }
    StringBuilder known = new StringBuilder();
    for (Workload w : ALL) {
      known.append(' ').append(w.id);
    }
    throw new IllegalArgumentException("unknown workload '" + id + "'; known:" + known);
  }

  /**
   * Whether the workload is a sleep: its time is compared above the 1 s every task sleeps.
   *
   * @return true for the sleep workloads
   */
  public boolean isSleep() {
    return kind.equals("sleep");
  }
}
