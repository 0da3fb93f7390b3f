package dev.jasyncio.bench.peers;

import dev.jasyncio.bench.HttpWorkloads;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** The http-get workers of the thread-based peers: 100 virtual threads, n requests in all. */
final class HttpWorkers {
  private HttpWorkers() {}

  /** One blocking request; returns the body bytes it received. */
  @FunctionalInterface
  interface Request {
    long send() throws Exception;
  }

  /** Sends n requests from 100 virtual threads, each its share in turn; the bytes received. */
  static long onVirtualThreads(int n, Request request) throws Exception {
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<Long>> workers = new ArrayList<>();
      for (int w = 0; w < HttpWorkloads.CONCURRENCY; w++) {
        int share = HttpWorkloads.share(n, w);
        workers.add(threads.submit(() -> {
          long got = 0;
          for (int i = 0; i < share; i++) {
            got += request.send();
          }
          return got;
        }));
      }
      long total = 0;
      for (Future<Long> f : workers) {
        total += f.get();
      }
      return total;
    }
  }
}
