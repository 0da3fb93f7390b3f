package dev.jasyncio.bench.peers;

import dev.jasyncio.Async;
import dev.jasyncio.Queue;
import dev.jasyncio.Semaphore;
import dev.jasyncio.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The jasyncio workloads on the primitives: Queue, Semaphore and gather. Call from a task. */
public final class JasyncioPrimitives {
  private JasyncioPrimitives() {}

  /**
   * n round trips through two queues of capacity 1.
   *
   * @param n round trips
   * @return the sum of the replies
   */
  public static long queuePingPong(int n) {
    Queue<Integer> ping = new Queue<>(1);
    Queue<Integer> pong = new Queue<>(1);
    Task<Void> ponger = Async.createTask(() -> {
      for (int i = 0; i < n; i++) {
        pong.put(ping.get() + 1);
      }
    });
    long sum = 0;
    for (int i = 0; i < n; i++) {
      ping.put(i);
      sum += pong.get();
    }
    ponger.await();
    return sum;
  }

  /**
   * n tasks each acquire a semaphore of 100, yield once, release.
   *
   * @param n tasks
   * @return n
   */
  public static long semaphore(int n) {
    Semaphore sem = new Semaphore(100);
    List<Task<Void>> tasks = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      tasks.add(Async.createTask(() -> {
        sem.acquire();
        try {
          Async.sleep(Duration.ZERO);
        } finally {
          sem.release();
        }
      }));
    }
    Async.gather(tasks);
    return n;
  }

  /**
   * One producer puts n integers into a queue of capacity 1024; the caller gets them.
   *
   * @param n items
   * @return their sum
   */
  public static long producerConsumer(int n) {
    Queue<Integer> q = new Queue<>(1024);
    Task<Void> producer = Async.createTask(() -> {
      for (int i = 0; i < n; i++) {
        q.put(i);
      }
    });
    long sum = 0;
    for (int i = 0; i < n; i++) {
      sum += q.get();
    }
    producer.await();
    return sum;
  }

  /**
   * Starts n tasks and gathers their results.
   *
   * @param n tasks
   * @return the sum of the results
   */
  public static long gather(int n) {
    List<Task<Integer>> tasks = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int v = i;
      tasks.add(Async.createTask(() -> v));
    }
    long sum = 0;
    for (int r : Async.gather(tasks)) {
      sum += r;
    }
    return sum;
  }
}
