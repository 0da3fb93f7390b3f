package dev.jasyncio.bench.peers;

import dev.jasyncio.Async;
import dev.jasyncio.Task;
import dev.jasyncio.bench.HttpWorkloads;
import dev.jasyncio.http.HttpSession;
import java.util.ArrayList;
import java.util.List;

/** The HTTP workloads in jasyncio: one {@link HttpSession}, its default limits, 100 tasks. */
final class JasyncioHttp {
  private JasyncioHttp() {}

  /**
   * http-get: 100 tasks share one session and send n GETs in all; call from a task.
   *
   * @param n requests
   * @param url the server
   * @return body bytes received
   */
  static long get(int n, String url) {
    try (HttpSession session = HttpSession.create()) {
      List<Task<Long>> workers = new ArrayList<>();
      for (int w = 0; w < HttpWorkloads.CONCURRENCY; w++) {
        int share = HttpWorkloads.share(n, w);
        workers.add(Async.createTask(() -> {
          long got = 0;
          for (int i = 0; i < share; i++) {
            got += session.get(url).bytes().length;
          }
          return got;
        }));
      }
      long total = 0;
      for (long got : Async.gather(workers)) {
        total += got;
      }
      return total;
    }
  }
}
