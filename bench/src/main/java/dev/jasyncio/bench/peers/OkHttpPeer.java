package dev.jasyncio.bench.peers;

import dev.jasyncio.bench.Bodies;
import dev.jasyncio.bench.HttpWorkloads;
import dev.jasyncio.bench.Peer;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Plain OkHttp on virtual threads, no jasyncio: what {@code HttpSession} costs on top of the
 * library it is built on. One client, 100 virtual threads making synchronous calls.
 */
public final class OkHttpPeer implements Peer {
  /** The peer. */
  public OkHttpPeer() {}

  @Override
  public Bodies workloads() {
    return new Bodies().on(HttpWorkloads.HTTP_GET, OkHttpPeer::get);
  }

  private static long get(int n, String url) throws Exception {
    OkHttpClient client = new OkHttpClient.Builder()
        .connectionPool(new ConnectionPool(HttpWorkloads.CONCURRENCY, 5, TimeUnit.MINUTES)).build();
    Request request = new Request.Builder().url(url).build();
    try {
      return HttpWorkers.onVirtualThreads(n, () -> {
        try (Response r = client.newCall(request).execute()) {
          return r.body().bytes().length;
        }
      });
    } finally {
      client.connectionPool().evictAll();
    }
  }
}
