package dev.jasyncio;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The accounting's clock: {@link System#nanoTime()} read by a ticker thread once a millisecond
 * while any loop is busy, so a step transition costs a memory read instead of a clock call (one
 * {@code nanoTime} costs about a third of a whole task spawn). Durations taken from it are
 * quantised to the tick, but their sums are unbiased: a step of a tenth of a tick counts a whole
 * tick one time in ten.
 *
 * <p>A loop waiting for work is not busy: once the ticker finds no loop busy it parks until one
 * wakes, so idle loops cost no CPU (a server waiting for clients wakes nothing a thousand times a
 * second). While the ticker is parked {@link #now()} reads the real clock.
 */
final class CoarseClock {
  /** The tick: {@code -Djasyncio.statsTickMicros}, 1000 (1 ms) by default. */
  static final long TICK_NANOS = Math.max(10, Long.getLong("jasyncio.statsTickMicros", 1000)) * 1000;

  private static final long STOPPED = Long.MIN_VALUE;
  /** The ticker's last reading, or {@link #STOPPED} while it does not tick. */
  private static volatile long now = STOPPED;
  /** Loops running a step or about to: neither parked nor stopped. */
  private static final AtomicInteger busy = new AtomicInteger();
  private static volatile Thread ticker;

  private CoarseClock() {}

  /** The time now, within one tick while a loop is busy. */
  static long now() {
    long n = now;
    return n != STOPPED ? n : System.nanoTime();
  }

  /** A loop starts running, or wakes from its idle wait: the clock ticks. */
  static void loopBusy() {
    if (busy.getAndIncrement() == 0) {
      Thread t = ticker;
      if (t == null) {
        startTicker();
      } else if (now == STOPPED) {
        now = System.nanoTime();
        LockSupport.unpark(t);
      }
    }
  }

  /** A loop stops running, or goes into its idle wait. */
  static void loopIdle() {
    busy.getAndDecrement();
  }

  private static synchronized void startTicker() {
    if (ticker == null) {
      now = System.nanoTime();
      ticker = Thread.ofPlatform().daemon().name("jasyncio-clock").start(CoarseClock::tick);
    }
  }

  private static void tick() {
    while (true) {
      if (busy.get() > 0) {
        now = System.nanoTime();
        LockSupport.parkNanos(TICK_NANOS);
      } else {
        // Stop first, then look again: a loop that woke in between sees STOPPED and unparks us.
        now = STOPPED;
        if (busy.get() == 0) {
          LockSupport.park();
        }
      }
    }
  }
}
