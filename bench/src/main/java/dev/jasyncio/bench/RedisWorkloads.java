package dev.jasyncio.bench;

import java.util.List;

/**
 * The Redis workloads: a work queue on a Redis stream consumer group, against one local
 * redis-server the harness starts for every peer ({@link RedisService}).
 */
public final class RedisWorkloads {
  private RedisWorkloads() {}

  /** Bytes of one item's payload. */
  public static final int ITEM_SIZE = 1024;
  /** Consumer processes. */
  public static final int CONSUMERS = 4;
  /** Tasks putting in the producer process, and taking in each consumer process. */
  public static final int TASKS_PER_PROCESS = 8;

  /**
   * n items of 1 KiB through a stream: one producer process puts them ({@code XADD}), four
   * consumer processes take ({@code XREADGROUP}) and acknowledge ({@code XACK}, {@code XDEL})
   * them; a run ends when every item is acknowledged. The consumer processes start once per peer
   * process, before its warm-up runs. Ten seconds of warm-up: a JVM peer's runs kept getting
   * faster for eight (2.2, 2.2, 1.6, then 1.1 s after one warm-up run of 2.2 s).
   */
  public static final Workload REDIS_QUEUE = Workload.named("redis-queue").size(10_000).quick(3_000)
      .runs(5, 1).warmSeconds(10).unit("item").bytesPerItem(ITEM_SIZE)
      .what("1 producer and 4 consumer processes, 8 tasks each, move n items of 1 KiB through a"
          + " Redis stream consumer group (XADD, XREADGROUP, XACK)")
      .service(RedisService::start).build();

  /** This family, in table order. */
  public static final List<Workload> ALL = List.of(REDIS_QUEUE);
}
