package dev.jasyncio.bench;

import java.util.List;

/** The workloads on tasks and synchronization primitives: no I/O. */
public final class PrimitiveWorkloads {
  private PrimitiveWorkloads() {}

  /** Spawn tasks that return at once, then await each. */
  public static final Workload SPAWN = Workload.named("spawn").size(200_000).unit("task")
      .what("spawn 200 k tasks that return at once, then await each").build();

  /** Two tasks hand a value back and forth through one-shot promises. */
  public static final Workload PROMISE_PINGPONG = Workload.named("promise-pingpong")
      .unit("round trip")
      .what("two tasks hand a value back and forth through one-shot promises (futures)").build();

  /** Two tasks hand a value back and forth through two queues of capacity 1. */
  public static final Workload QUEUE_PINGPONG = Workload.named("queue-pingpong")
      .unit("round trip")
      .what("two tasks hand a value back and forth through two bounded queues of capacity 1").build();

  /** Tasks acquire a semaphore of 100, yield once, release. */
  public static final Workload SEMAPHORE = Workload.named("semaphore").unit("task")
      .what("100 k tasks each acquire a semaphore of 100 permits, yield once, release").build();

  /** One producer, one consumer, one bounded queue. */
  public static final Workload PRODUCER_CONSUMER = Workload.named("producer-consumer")
      .size(1_000_000).quick(200_000).runs(5, 2).unit("item")
      .what("one producer puts 1 M integers into a bounded queue (capacity 1024), one consumer gets them")
      .build();

  /** 100 k tasks sleep one second at once. */
  public static final Workload SLEEP_100K = Workload.named("sleep-100k").runs(3, 1).unit("task")
      .baseline(1).memoryPerItem()
      .what("100 k tasks sleep 1 s concurrently; time above 1 s and peak memory per task").build();

  /** 1 M tasks sleep one second at once. */
  public static final Workload SLEEP_1M = Workload.named("sleep-1m").size(1_000_000).quick(0)
      .runs(3, 1).unit("task").baseline(1).memoryPerItem()
      .what("1 M tasks sleep 1 s concurrently; time above 1 s and peak memory per task").build();

  /** This family, in table order. */
  public static final List<Workload> ALL = List.of(SPAWN, PROMISE_PINGPONG, QUEUE_PINGPONG,
      SEMAPHORE, PRODUCER_CONSUMER, SLEEP_100K, SLEEP_1M);
}
