package dev.jasyncio.bench;

import java.util.List;

/**
 * The HTTP server workloads: the peer serves, wrk (Debian's {@code wrk}) loads it from a process
 * of its own with 2 threads and 100 keep-alive connections on loopback, and a run lasts until the
 * peer's server has answered n requests (wrk is then stopped). The time per request is the
 * inverse of the server's throughput under that load; wrk shares the machine's cores with it.
 */
public final class HttpServerWorkloads {
  private HttpServerWorkloads() {}

  /** Bytes of every response body. */
  public static final int BODY_SIZE = 1024;
  /** wrk's keep-alive connections. */
  public static final int CONNECTIONS = 100;
  /** How long the I/O-bound handler awaits before it answers. */
  public static final int AWAIT_MILLIS = 10;

  /** n requests answered with 1 KiB at once. */
  public static final Workload HTTP_SERVER = Workload.named("http-server").size(200_000).quick(40_000)
      .runs(3, 1).unit("request").bytesPerItem(BODY_SIZE)
      .what("wrk, 100 keep-alive connections on loopback: GET answered with 1 KiB; until n are answered").build();

  /** n requests, each handler awaiting 10 ms first (as if asking a database). */
  public static final Workload HTTP_SERVER_AWAIT = Workload.named("http-server-await").size(50_000).quick(10_000)
      .runs(3, 1).unit("request").bytesPerItem(BODY_SIZE)
      .what("the same, each handler awaits 10 ms before answering (I/O-bound: at most 10 k/s over 100 connections)")
      .build();

  /** This family, in table order. */
  public static final List<Workload> ALL = List.of(HTTP_SERVER, HTTP_SERVER_AWAIT);
}
