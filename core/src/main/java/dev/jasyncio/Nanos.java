package dev.jasyncio;

import java.time.Duration;

/**
 * Every conversion between seconds (asyncio's float times) and the loop clock's nanoseconds, and
 * every sum and difference of them, saturating: a time beyond the range of a {@code long} is
 * "never" ({@link Long#MAX_VALUE}) or "long ago" ({@link Long#MIN_VALUE}), never a wrap-around
 * that turns a deadline in the past into one in the future.
 */
final class Nanos {
  private Nanos() {}

  /**
   * Seconds to nanoseconds; infinities and values beyond the range saturate.
   *
   * @param what what the number is, for the error
   * @throws IllegalArgumentException if {@code seconds} is NaN
   */
  static long fromSeconds(double seconds, String what) {
    if (Double.isNaN(seconds)) {
      throw new IllegalArgumentException(what + " is NaN; use Double.POSITIVE_INFINITY for none");
    }
    if (seconds >= Long.MAX_VALUE / 1e9) {
      return Long.MAX_VALUE;
    }
    return seconds <= Long.MIN_VALUE / 1e9 ? Long.MIN_VALUE : (long) (seconds * 1e9);
  }

  /** Nanoseconds to seconds; the saturated ends are the infinities. */
  static double toSeconds(long nanos) {
    if (nanos == Long.MAX_VALUE) {
      return Double.POSITIVE_INFINITY;
    }
    return nanos == Long.MIN_VALUE ? Double.NEGATIVE_INFINITY : nanos / 1e9;
  }

  /** A duration in nanoseconds; one too long for a {@code long} is "never". */
  static long of(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  /** {@code a + b}, saturating. */
  static long plus(long a, long b) {
    long r = a + b;
    if (((a ^ r) & (b ^ r)) < 0) { // overflow: both operands' sign differs from the result's
      return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    return r;
  }

  /** How long from {@code now} until {@code deadline}, saturating; not positive once it passed. */
  static long until(long deadline, long now) {
    if (deadline == Long.MAX_VALUE) {
      return Long.MAX_VALUE;
    }
    long r = deadline - now;
    if (((deadline ^ now) & (deadline ^ r)) < 0) {
      return deadline < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    return r;
  }
}
