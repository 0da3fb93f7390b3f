package dev.jasyncio.bench;

import java.util.List;

/**
 * The TCP workloads: in every peer one process runs both the server and its clients on
 * loopback, so each peer pays for both ends. The servers listen with a backlog of 4096.
 */
public final class TcpWorkloads {
  private TcpWorkloads() {}

  /** Bytes of one tcp-echo request (and its response). */
  public static final int ECHO_SIZE = 1024;
  /** Concurrent connections of tcp-echo. */
  public static final int ECHO_CONNECTIONS = 100;
  /** Bytes of one tcp-echo-conns request (and its response). */
  public static final int CONNS_SIZE = 64;
  /** Round trips each tcp-echo-conns connection makes while all of them are open. */
  public static final int CONNS_ROUND_TRIPS = 10;
  /** Connections that may be connecting at once in tcp-echo-conns (not to overflow the backlog). */
  public static final int CONNS_CONNECTING = 500;
  /** Bytes of one tcp-stream message. */
  public static final int STREAM_SIZE = 64 * 1024;

  /**
   * n round trips in all over 100 connections: each client writes 1 KiB, waits for its echo in
   * full, repeats n / 100 times.
   */
  public static final Workload TCP_ECHO = Workload.named("tcp-echo").size(100_000).quick(20_000)
      .runs(5, 2).unit("round trip").bytesPerItem(2L * ECHO_SIZE)
      .what("100 loopback connections each echo 1 KiB requests, n round trips in all").build();

  /**
   * n connections open at once: each connects (at most 500 connecting at a time), echoes 64 B ten
   * times, then waits until every connection has done so, and all close.
   */
  public static final Workload TCP_ECHO_CONNS = Workload.named("tcp-echo-conns").size(10_000)
      .quick(2_000).runs(3, 1).unit("connection").memoryPerItem().filesPerItem(2)
      .what("10 k loopback connections open at once, each echoes 64 B ten times; memory per"
          + " connection (both ends)").build();

  /**
   * One connection: the client writes n messages of 64 KiB, the server reads them all and answers
   * with one byte once it has the last.
   */
  public static final Workload TCP_STREAM = Workload.named("tcp-stream").size(20_000).quick(5_000)
      .runs(5, 2).unit("64 KiB message").bytesPerItem(STREAM_SIZE)
      .what("one loopback connection streams n messages of 64 KiB one way; throughput").build();

  /** This family, in table order. */
  public static final List<Workload> ALL = List.of(TCP_ECHO, TCP_ECHO_CONNS, TCP_STREAM);
}
