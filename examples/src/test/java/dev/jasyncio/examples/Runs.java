package dev.jasyncio.examples;

import dev.jasyncio.Clock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Runs an example the way its test needs: on a virtual clock, capturing what it prints. */
final class Runs {
  private Runs() {}

  /**
   * What an example printed and how long it took on its loop's clock.
   *
   * @param lines its output, line by line
   * @param seconds the time that passed on the loop's clock
   */
  record Ran(List<String> lines, double seconds) {}

  static Ran virtual(Example example) {
    return on(example, Clock.virtual());
  }

  static Ran real(Example example) {
    return on(example, Clock.system());
  }

  private static Ran on(Example example, Clock clock) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
    Tour.Elapsed elapsed = Tour.run(example, out, clock);
    out.flush();
    return new Ran(buffer.toString(StandardCharsets.UTF_8).lines().toList(), elapsed.loopSeconds());
  }
}
