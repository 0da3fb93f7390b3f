package dev.jasyncio.pipeline;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the CLI's values with units: 150ms, 4MB/s, 50MP, 1920x1080. */
final class Units {
  private Units() {}

  private static final Pattern NUMBER_UNIT = Pattern.compile("\\s*([0-9]+(?:\\.[0-9]+)?)\\s*([a-zA-Z/]*)\\s*");

  /** {@code 150ms}, {@code 2s}, {@code 1.5s}, {@code 2m}, {@code 1h}; a bare number is seconds. */
  static Duration duration(String s) {
    Matcher m = NUMBER_UNIT.matcher(s);
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + s + "' is not a duration (like 150ms, 2s, 1m)");
    }
    double v = Double.parseDouble(m.group(1));
    double nanosPer = switch (m.group(2).toLowerCase(Locale.ROOT)) {
      case "ns" -> 1;
      case "us" -> 1e3;
      case "ms" -> 1e6;
      case "", "s" -> 1e9;
      case "m", "min" -> 60e9;
      case "h" -> 3600e9;
      default -> throw new IllegalArgumentException("'" + s + "' has an unknown time unit '" + m.group(2)
          + "' (use ms, s, m or h)");
    };
    return Duration.ofNanos((long) (v * nanosPer));
  }

  /** Bytes per second: {@code 4MB/s}, {@code 512KB/s}, {@code 1MiB/s}, or a bare number. */
  static long bandwidth(String s) {
    Matcher m = NUMBER_UNIT.matcher(s);
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + s + "' is not a bandwidth (like 4MB/s, 512KB/s)");
    }
    String unit = m.group(2).toLowerCase(Locale.ROOT);
    if (unit.endsWith("/s")) {
      unit = unit.substring(0, unit.length() - 2);
    }
    double per = switch (unit) {
      case "", "b" -> 1;
      case "kb" -> 1e3;
      case "mb" -> 1e6;
      case "gb" -> 1e9;
      case "kib" -> 1024;
      case "mib" -> 1024 * 1024;
      case "gib" -> 1024 * 1024 * 1024;
      default -> throw new IllegalArgumentException("'" + s + "' has an unknown unit (use B/s, KB/s, MB/s, MiB/s)");
    };
    long v = (long) (Double.parseDouble(m.group(1)) * per);
    if (v < 1) {
      throw new IllegalArgumentException("bandwidth must be at least 1 byte/s, not '" + s + "'");
    }
    return v;
  }

  /** A pixel count: {@code 50MP}, {@code 2.5MP}, {@code 1000000}. */
  static long pixels(String s) {
    Matcher m = NUMBER_UNIT.matcher(s);
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + s + "' is not a pixel count (like 50MP or 2000000)");
    }
    double per = switch (m.group(2).toLowerCase(Locale.ROOT)) {
      case "", "p", "px" -> 1;
      case "kp" -> 1e3;
      case "mp" -> 1e6;
      case "gp" -> 1e9;
      default -> throw new IllegalArgumentException("'" + s + "' has an unknown unit (use MP or a plain number)");
    };
    long v = (long) (Double.parseDouble(m.group(1)) * per);
    if (v < 1) {
      throw new IllegalArgumentException("the pixel limit must be at least 1, not '" + s + "'");
    }
    return v;
  }

  /** {@code WIDTHxHEIGHT}, each at least 1. */
  static int[] size(String s) {
    Matcher m = Pattern.compile("\\s*([0-9]{1,6})\\s*[xX×]\\s*([0-9]{1,6})\\s*").matcher(s);
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + s + "' is not a size WIDTHxHEIGHT (like 1920x1080)");
    }
    int w = Integer.parseInt(m.group(1));
    int h = Integer.parseInt(m.group(2));
    if (w < 1 || h < 1) {
      throw new IllegalArgumentException("the size '" + s + "' needs a width and a height of at"
          + " least 1 pixel (like 1920x1080)");
    }
    return new int[] {w, h};
  }

  /** A duration for people: {@code 150ms}, {@code 2.5s}. */
  static String show(Duration d) {
    long ms = d.toMillis();
    return ms < 1000 ? ms + "ms" : String.format(Locale.ROOT, "%ss", ms % 1000 == 0 ? String.valueOf(ms / 1000) : String.valueOf(ms / 1000.0));
  }
}
