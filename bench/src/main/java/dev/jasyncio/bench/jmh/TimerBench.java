package dev.jasyncio.bench.jmh;

import dev.jasyncio.Loop;
import dev.jasyncio.TimerHandle;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Timers at scale: insert and cancel one timer while a million others are pending
 * ({@code loop.callLater} + {@code TimerHandle.cancel}), and filling then cancelling a million.
 * The loop is never run, so the timers stay pending; a loop's owner may schedule before it runs.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-opens", "java.base/java.lang=ALL-UNNAMED"})
@State(Scope.Thread)
public class TimerBench {
  private static final int PENDING = 1_000_000;
  private static final Runnable NOTHING = () -> { };

  private Loop loop;
  private Duration[] delays;
  private int next;

  /** A loop with a million pending timers at random delays within an hour. */
  @Setup(Level.Trial)
  public void fill() {
    loop = Loop.builder().build();
    SplittableRandom rnd = new SplittableRandom(42);
    delays = new Duration[1 << 16];
    for (int i = 0; i < delays.length; i++) {
      delays[i] = Duration.ofNanos(rnd.nextLong(3_600_000_000_000L));
    }
    for (int i = 0; i < PENDING; i++) {
      loop.callLater(delays[i & (delays.length - 1)], NOTHING);
    }
  }

  /** Closes the loop. */
  @TearDown(Level.Trial)
  public void close() {
    loop.close();
  }

  /**
   * One insert and one cancel among a million pending timers.
   *
   * @return the handle
   */
  @Benchmark
  public TimerHandle insertCancelAt1M() {
    TimerHandle h = loop.callLater(delays[next++ & (delays.length - 1)], NOTHING);
    h.cancel();
    return h;
  }

  /**
   * A million inserts on top of the million pending, then a million cancels (time per whole op).
   *
   * @return timers left pending, to check nothing leaked
   */
  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  @Warmup(iterations = 2)
  @Measurement(iterations = 5)
  public int insert1MThenCancel1M() {
    TimerHandle[] hs = new TimerHandle[PENDING];
    for (int i = 0; i < PENDING; i++) {
      hs[i] = loop.callLater(delays[i & (delays.length - 1)], NOTHING);
    }
    for (TimerHandle h : hs) {
      h.cancel();
    }
    return loop.pendingTimers();
  }
}
