package dev.jasyncio.bench;

import java.util.List;

/**
 * The HTTP client workloads: every peer's client against one local server the harness starts
 * ({@link HttpBenchServer}, the same for every peer), so the clients are what is compared.
 */
public final class HttpWorkloads {
  private HttpWorkloads() {}

  /** Requests in flight at once in http-get: one worker (task, thread, coroutine) each. */
  public static final int CONCURRENCY = 100;
  /** Bytes of the body every http-get response carries. */
  public static final int BODY_SIZE = 1024;

  /**
   * n GETs in all by 100 workers, each sending n / 100 in turn over its kept-alive connection and
   * reading each 1 KiB body in full; the checksum is the bytes received. Six seconds of warm-up:
   * every JVM client's runs kept getting faster for about four (0.72 to 0.46 s, OkHttp 0.59 to 0.30).
   */
  public static final Workload HTTP_GET = Workload.named("http-get").size(10_000).quick(2_000)
      .runs(5, 2).warmSeconds(6).unit("request").bytesPerItem(BODY_SIZE)
      .service(HttpBenchServer::start)
      .what("n GETs of a 1 KiB body at concurrency 100 against one local HTTP/1.1 server"
          + " (Go net/http), connections kept alive; each peer's usual client").build();

  /** This family, in table order. */
  public static final List<Workload> ALL = List.of(HTTP_GET);

  /**
   * The requests worker {@code w} of {@link #CONCURRENCY} sends so that all of them send n.
   *
   * @param n requests in all
   * @param w the worker, from 0
   * @return its share
   */
  public static int share(int n, int w) {
    return n / CONCURRENCY + (w < n % CONCURRENCY ? 1 : 0);
  }
}
