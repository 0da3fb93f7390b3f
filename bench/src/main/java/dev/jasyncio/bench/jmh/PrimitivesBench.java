package dev.jasyncio.bench.jmh;

import dev.jasyncio.bench.peers.JasyncioPrimitives;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The primitives on each backend: queue ping-pong (capacity 1) and producer/consumer (capacity
 * 1024), a semaphore of 100 under contention, and gather of 100 k tasks; time per operation.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-opens", "java.base/java.lang=ALL-UNNAMED"})
public class PrimitivesBench {
  private static final int ROUND_TRIPS = 10_000;
  private static final int ITEMS = 100_000;
  private static final int TASKS = 10_000;
  private static final int GATHERED = 100_000;

  /**
   * Time per round trip through two queues of capacity 1.
   *
   * @param s the loop
   * @return a checksum
   */
  @Benchmark
  @OperationsPerInvocation(ROUND_TRIPS)
  public long queuePingPong(BackendState s) {
    return s.loop.runUntilComplete(() -> JasyncioPrimitives.queuePingPong(ROUND_TRIPS));
  }

  /**
   * Time per item from one producer to one consumer through a queue of capacity 1024.
   *
   * @param s the loop
   * @return a checksum
   */
  @Benchmark
  @OperationsPerInvocation(ITEMS)
  public long producerConsumer(BackendState s) {
    return s.loop.runUntilComplete(() -> JasyncioPrimitives.producerConsumer(ITEMS));
  }

  /**
   * Time per task through a semaphore of 100 permits (acquire, yield, release).
   *
   * @param s the loop
   * @return a checksum
   */
  @Benchmark
  @OperationsPerInvocation(TASKS)
  public long semaphore(BackendState s) {
    return s.loop.runUntilComplete(() -> JasyncioPrimitives.semaphore(TASKS));
  }

  /**
   * Time per task of a gather of 100 k tasks, spawn included.
   *
   * @param s the loop
   * @return a checksum
   */
  @Benchmark
  @OperationsPerInvocation(GATHERED)
  public long gather100k(BackendState s) {
    return s.loop.runUntilComplete(() -> JasyncioPrimitives.gather(GATHERED));
  }
}
