package dev.jasyncio.examples;

import dev.jasyncio.Async;
import java.io.PrintStream;

/** Seed 000's {@code fetch_data(param)}: pretends to fetch for {@code param} seconds. */
final class FetchData {
  private FetchData() {}

  /**
   * Prints, waits {@code param} seconds without holding the loop, prints again.
   *
   * @param out where to print
   * @param param the seconds to wait
   * @return {@code "Result of " + param}
   */
  static String fetchData(PrintStream out, int param) {
    out.println("Do something with " + param + "...");
    Async.sleep(param);
    out.println("Done with " + param);
    return "Result of " + param;
  }
}
