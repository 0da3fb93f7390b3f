package dev.jasyncio.bench.jmh;

import dev.jasyncio.bench.peers.JasyncioPeer;
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
 * Tasks and promises on each backend, in batches of 10 k inside one loop run: time per spawned
 * and awaited task, and per round trip of a two-task hand-off through promises. (Queue,
 * semaphore and gather: {@link PrimitivesBench}.)
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-opens", "java.base/java.lang=ALL-UNNAMED"})
public class TaskBench {
  private static final int BATCH = 10_000;

  /**
   * Starts {@value #BATCH} tasks, then awaits each.
   *
   * @param s the loop
   * @return a checksum
   */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public long spawnAndAwait(BackendState s) {
    return s.loop.runUntilComplete(() -> JasyncioPeer.spawn(BATCH));
  }

  /**
   * {@value #BATCH} round trips through a request and a reply promise each.
   *
   * @param s the loop
   * @return a checksum
   */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public long promisePingPong(BackendState s) {
    return s.loop.runUntilComplete(() -> JasyncioPeer.promisePingPong(BATCH));
  }
}
