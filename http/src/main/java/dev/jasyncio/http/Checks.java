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

  /** A header name (an RFC 9110 token) and value (no line breaks or control characters). */
  static void header(String name, String value) {
    Objects.requireNonNull(name, "header name");
    Objects.requireNonNull(value, "header value");
    if (name.isEmpty() || !name.chars().allMatch(c -> c > ' ' && c < 127 && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0)) {
      throw new IllegalArgumentException("not a header name: '" + name + "'");
    }
    if (!value.chars().allMatch(c -> c == '\t' || c >= ' ' && c != 127 && c < 256)) {
      throw new IllegalArgumentException("header " + name + " has a control character or line break in its value");
    }
  }

  static int notNegative(String what, int n) {
    if (n < 0) {
      throw new IllegalArgumentException(what + " must not be negative (0 means none), not " + n);
    }
    return n;
  }
}
