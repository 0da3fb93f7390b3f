package dev.jasyncio.testkit;

import java.lang.reflect.Method;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * What an {@link AsyncTest} asks for, checked once per test method.
 *
 * @param testName the method's name, for messages and the main task's name
 * @param manualClock whether the clock only moves when the test advances it
 * @param timeout the virtual-time timeout, or null
 * @param realTimeout the real-time timeout, or null
 * @param leakCheck whether leftovers fail the test
 * @param loopScope whether the test has its own loop or shares its class's
 */
record AsyncTestSettings(String testName, boolean manualClock, Duration timeout, Duration realTimeout,
    boolean leakCheck, LoopScope loopScope) {

  private static final Pattern SIMPLE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ns|us|ms|s|m|min|h|d)");

  static AsyncTestSettings of(Method method, AsyncTest spec) {
    String name = method.getName() + "()";
    return new AsyncTestSettings(name, spec.manualClock(),
        duration(name, "timeout", spec.timeout()), duration(name, "realTimeout", spec.realTimeout()),
        spec.leakCheck(), spec.loopScope());
  }

  /** Parses "10s", "500ms", "1.5m", "PT10S"; empty or zero means none (null). */
  static Duration duration(String test, String attribute, String text) {
    String t = text.strip();
    if (t.isEmpty() || t.equals("0")) {
      return null;
    }
    Duration d;
    Matcher m = SIMPLE.matcher(t);
    if (m.matches()) {
      double nanosPerUnit = switch (m.group(2)) {
        case "ns" -> 1;
        case "us" -> 1e3;
        case "ms" -> 1e6;
        case "s" -> 1e9;
        case "m", "min" -> 60e9;
        case "h" -> 3600e9;
        default -> 86400e9;
      };
      d = Duration.ofNanos(Math.round(Double.parseDouble(m.group(1)) * nanosPerUnit));
    } else {
      try {
        d = Duration.parse(t);
      } catch (DateTimeParseException e) {
        throw new ExtensionConfigurationException("@AsyncTest(" + attribute + " = \"" + text + "\") on "
            + test + " is not a duration: write \"10s\", \"500ms\", \"5m\", \"1h\" or ISO-8601 \"PT10S\"", e);
      }
    }
    if (d.isNegative()) {
      throw new ExtensionConfigurationException("@AsyncTest(" + attribute + " = \"" + text + "\") on "
          + test + " is negative");
    }
    return d.isZero() ? null : d;
  }
}
