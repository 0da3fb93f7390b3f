package dev.jasyncio.http;

import java.time.Duration;
import java.util.Objects;

/** The builders' argument checks: each failure names the setting that was wrong. */
final class Checks {
  private Checks() {}

  static Duration positive(String what, Duration d) {
    Objects.requireNonNull(d, what);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be positive, not " + d);
    }
    return d;
  }

  static Duration notNegative(String what, Duration d) {
    Objects.requireNonNull(d, what);
    if (d.isNegative()) {
      throw new IllegalArgumentException(what + " must not be negative: " + d);
    }
    return d;
  }

  static int notNegative(String what, int n) {
    if (n < 0) {
      throw new IllegalArgumentException(what + " must not be negative (0 means none), not " + n);
    }
    return n;
  }
}
