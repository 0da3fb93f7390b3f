package dev.jasyncio;

import java.util.concurrent.locks.LockSupport;

/**
 * The accounting's clock: {@link System#nanoTime()} read by a ticker thread once a millisecond
 * while any loop runs, so a step transition costs a memory read instead of a clock call (one
 * {@code nanoTime} costs about a third of a whole task spawn). Durations taken from it are
 * quantised to the tick, but their sums are unbiased: a step of a tenth of a tick counts a whole
 * tick one time in ten. While no loop runs the ticker parks and {@link #now()} reads the real clock.
 */
final class CoarseClock {
  /** The tick: {@code -Djasyncio.statsTickMicros}, 1000 (1 ms) by default. */
  static final long TICK_NANOS = Math.max(10, Long.getLong("jasyncio.statsTickMicros", 1000)) * 1000;

  private static final long STOPPED = Long.MIN_VALUE;
  /** The ticker's last reading, or {@link #STOPPED} while no loop runs. */
  private static volatile long now = STOPPED;
  private static boolean ticking;
  private static int runningLoops;
  private static Thread ticker;

  private CoarseClock() {}

  /** The time now, within one tick while a loop runs. */
  static long now() {
    long n = now;
    return n != STOPPED ? n : System.nanoTime();
  }

  /** A loop starts running: the clock ticks until every loop has stopped. */
  static synchronized void loopStarted() {
    if (runningLoops++ == 0) {
      now = System.nanoTime();
      ticking = true;
      if (ticker == null) {
        ticker = Thread.ofPlatform().daemon().name("jasyncio-clock").start(CoarseClock::tick);
      } else {
        LockSupport.unpark(ticker);
      }
    }
  }

  static synchronized void loopStopped() {
    if (--runningLoops == 0) {
      ticking = false;
      now = STOPPED;
    }
  }

  private static void tick() {
    while (true) {
      boolean on;
      synchronized (CoarseClock.class) {
        on = ticking;
        if (on) {
          now = System.nanoTime();
        }
      }
      if (on) {
        LockSupport.parkNanos(TICK_NANOS);
      } else {
        LockSupport.park();
      }
    }
  }
}
