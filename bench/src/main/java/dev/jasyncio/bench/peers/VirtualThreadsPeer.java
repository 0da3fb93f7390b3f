package dev.jasyncio.bench.peers;

import dev.jasyncio.bench.Bodies;
import dev.jasyncio.bench.Peer;
import dev.jasyncio.bench.PrimitiveWorkloads;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * The workloads as a Java developer writes them without jasyncio: one virtual thread per task
 * ({@link Executors#newVirtualThreadPerTaskExecutor()}) and the java.util.concurrent primitives
 * ({@link CompletableFuture}, {@link ArrayBlockingQueue}, {@link Semaphore}), on the JDK's
 * default scheduler (as many carriers as cores).
 */
public final class VirtualThreadsPeer implements Peer {
  /** The peer. */
  public VirtualThreadsPeer() {}

  @Override
  public Bodies workloads() {
    return new Bodies()
        .on(PrimitiveWorkloads.SPAWN, n -> withExecutor(ex -> spawn(ex, n)))
        .on(PrimitiveWorkloads.PROMISE_PINGPONG, n -> withExecutor(ex -> promisePingPong(ex, n)))
        .on(PrimitiveWorkloads.QUEUE_PINGPONG, n -> withExecutor(ex -> queuePingPong(ex, n)))
        .on(PrimitiveWorkloads.SEMAPHORE, n -> withExecutor(ex -> semaphore(ex, n)))
        .on(PrimitiveWorkloads.PRODUCER_CONSUMER, n -> withExecutor(ex -> producerConsumer(ex, n)))
        .on(PrimitiveWorkloads.SLEEP_100K, n -> withExecutor(ex -> sleep(ex, n)))
        .on(PrimitiveWorkloads.SLEEP_1M, n -> withExecutor(ex -> sleep(ex, n)));
  }

  /** A body that runs its virtual threads on one executor, closed (all threads done) after. */
  private interface OnExecutor {
    long run(ExecutorService ex) throws Exception;
  }

  private static long withExecutor(OnExecutor body) throws Exception {
    try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
      return body.run(ex);
    }
  }

  private static long spawn(ExecutorService ex, int n) throws Exception {
    List<Future<Integer>> fs = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int v = i;
      fs.add(ex.submit(() -> v));
    }
    long sum = 0;
    for (Future<Integer> f : fs) {
      sum += f.get();
    }
    return sum;
  }

  /** Where the two sides find the next future to wait on or complete. */
  private static final class Slots {
    volatile CompletableFuture<Integer> request = new CompletableFuture<>();
    volatile CompletableFuture<Integer> reply;
  }

  private static long promisePingPong(ExecutorService ex, int n) throws Exception {
    Slots s = new Slots();
    Future<?> ponger = ex.submit(() -> {
      for (int i = 0; i < n; i++) {
        int v = s.request.join();
        s.request = new CompletableFuture<>();
        s.reply.complete(v + 1);
      }
    });
    Future<Long> pinger = ex.submit(() -> {
      long sum = 0;
      for (int i = 0; i < n; i++) {
        CompletableFuture<Integer> reply = new CompletableFuture<>();
        s.reply = reply;
        s.request.complete(i);
        sum += reply.join();
      }
      return sum;
    });
    ponger.get();
    return pinger.get();
  }

  private static long queuePingPong(ExecutorService ex, int n) throws Exception {
    BlockingQueue<Integer> ping = new ArrayBlockingQueue<>(1);
    BlockingQueue<Integer> pong = new ArrayBlockingQueue<>(1);
    Future<?> ponger = ex.submit(() -> {
      for (int i = 0; i < n; i++) {
        pong.put(ping.take() + 1);
      }
      return null;
    });
    Future<Long> pinger = ex.submit(() -> {
      long sum = 0;
      for (int i = 0; i < n; i++) {
        ping.put(i);
        sum += pong.take();
      }
      return sum;
    });
    ponger.get();
    return pinger.get();
  }

  private static long semaphore(ExecutorService ex, int n) throws Exception {
    Semaphore sem = new Semaphore(100);
    List<Future<?>> fs = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      fs.add(ex.submit(() -> {
        sem.acquire();
        try {
          Thread.yield();
        } finally {
          sem.release();
        }
        return null;
      }));
    }
    for (Future<?> f : fs) {
      f.get();
    }
    return n;
  }

  private static long producerConsumer(ExecutorService ex, int n) throws Exception {
    BlockingQueue<Integer> q = new ArrayBlockingQueue<>(1024);
    Future<?> producer = ex.submit(() -> {
      for (int i = 0; i < n; i++) {
        q.put(i);
      }
      return null;
    });
    Future<Long> consumer = ex.submit(() -> {
      long sum = 0;
      for (int i = 0; i < n; i++) {
        sum += q.take();
      }
      return sum;
    });
    producer.get();
    return consumer.get();
  }

  private static long sleep(ExecutorService ex, int n) throws Exception {
    List<Future<?>> fs = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      fs.add(ex.submit(() -> {
        Thread.sleep(1000);
        return null;
      }));
    }
    for (Future<?> f : fs) {
      f.get();
    }
    return n;
  }
}
