package dev.jasyncio.bench.peers;

import dev.jasyncio.bench.Bodies;
import dev.jasyncio.bench.HttpWorkloads;
import dev.jasyncio.bench.Peer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** The JDK's {@link HttpClient} (HTTP/1.1) on virtual threads: 100 threads calling {@code send}. */
public final class JdkHttpClientPeer implements Peer {
  /** The peer. */
  public JdkHttpClientPeer() {}

  @Override
  public Bodies workloads() {
    return new Bodies().on(HttpWorkloads.HTTP_GET, JdkHttpClientPeer::get);
  }

  private static long get(int n, String url) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).build();
    try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
      return HttpWorkers.onVirtualThreads(n,
          () -> client.send(request, HttpResponse.BodyHandlers.ofByteArray()).body().length);
    }
  }
}
