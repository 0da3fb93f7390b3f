package dev.jasyncio;

import java.time.Duration;
import java.util.Objects;

/**
 * A clock whose time moves only when the loop or the test moves it. With autojump on (the
 * default), when every task of the loop is waiting and nothing outside the loop is working for
 * it, time jumps straight to the next timer: a program that sleeps ten minutes finishes in
 * microseconds, and its timing is exactly reproducible. Time never passes while offloaded work
 * ({@link Async#toThread}, {@link Async#onCpu}) is in flight; while a task is blocked in a real
 * I/O call the loop waits {@link #autojumpThreshold()} of real time before jumping.
 *
 * <pre>{@code
 * VirtualClock clock = Clock.virtual();
 * try (Loop loop = Loop.builder().clock(clock).build()) {
 *   loop.runUntilComplete(() -> { Async.sleep(Duration.ofMinutes(10)); return null; });
 * }
 * assert clock.nanoTime() == Duration.ofMinutes(10).toNanos();
 * }</pre>
 *
 * <p>A virtual clock belongs to one loop.
 */
public final class VirtualClock implements Clock {
  private volatile long now;
  private final boolean autojump;
  private volatile Duration autojumpThreshold = Duration.ofMillis(50);
  private volatile Loop owner;

  VirtualClock(boolean autojump) {
    this.autojump = autojump;
  }

  /**
   * A virtual clock that moves only when {@link #advance(Duration)} is called.
   *
   * @return a new manual clock
   */
  public static VirtualClock manual() {
    return new VirtualClock(false);
  }

  @Override
  public long nanoTime() {
    return now;
  }

  /**
   * Whether the loop jumps to the next timer when every task waits.
   *
   * @return true for an autojump clock
   */
  public boolean isAutojump() {
    return autojump;
  }

  /**
   * How long, in real time, the loop waits before jumping while some task is blocked in a real
   * call outside the loop's own waits (a socket read on the carrier backend, a blocking section).
   *
   * @return the threshold, 50 ms unless set
   */
  public Duration autojumpThreshold() {
    return autojumpThreshold;
  }

  /**
   * Sets {@link #autojumpThreshold()}.
   *
   * @param threshold a non-negative duration
   * @return this clock
   * @throws IllegalArgumentException if negative
   */
  public VirtualClock autojumpThreshold(Duration threshold) {
    Objects.requireNonNull(threshold, "threshold");
    if (threshold.isNegative()) {
      throw new IllegalArgumentException("negative autojump threshold: " + threshold);
    }
    this.autojumpThreshold = threshold;
    return this;
  }

  /**
   * {@link #autojumpThreshold(Duration)} in seconds.
   *
   * @param threshold a non-negative number of seconds
   * @return this clock
   */
  public VirtualClock autojumpThreshold(double threshold) {
    return autojumpThreshold(Async.seconds(threshold, "threshold"));
  }

  /**
   * Moves time forward; timers that fall due run on the loop's next iteration. May be called from
   * any thread.
   *
   * @param delta how far to move, not negative
   * @throws IllegalArgumentException if {@code delta} is negative
   */
  public void advance(Duration delta) {
    Objects.requireNonNull(delta, "delta");
    if (delta.isNegative()) {
      throw new IllegalArgumentException("a clock cannot go back: negative advance " + delta);
    }
    synchronized (this) {
      now += delta.toNanos();
    }
    Loop loop = owner;
    if (loop != null) {
      loop.scheduler.wakeup();
    }
  }

  /**
   * {@link #advance(Duration)} by a number of seconds.
   *
   * @param delta how far to move, in seconds, not negative
   */
  public void advance(double delta) {
    advance(Async.seconds(delta, "delta"));
  }

  /** Called by the loop when it jumps; only forward. */
  synchronized void jumpTo(long nanos) {
    if (nanos > now) {
      now = nanos;
    }
  }

  synchronized void bind(Loop loop) {
    if (owner != null && owner != loop) {
      throw new IllegalStateException("this virtual clock already belongs to another loop");
    }
    owner = loop;
  }

  @Override
  public String toString() {
    return "VirtualClock[" + Duration.ofNanos(now) + (autojump ? ", autojump]" : ", manual]");
  }
}
