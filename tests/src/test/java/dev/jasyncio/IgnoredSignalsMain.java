package dev.jasyncio;

import java.util.List;

/**
 * A program that tries to handle HUP and USR2 from its main task and prints what each attempt
 * gave; run by {@link SignalsTest} in a process that starts with some signals ignored.
 */
public final class IgnoredSignalsMain {
  private IgnoredSignalsMain() {}

  /**
   * Prints one line per signal: "NAME: handled" or "NAME: " and the refusal's message.
   *
   * @param args unused
   */
  public static void main(String[] args) {
    Async.run(() -> {
      for (String name : List.of("HUP", "USR2")) {
        try (Signals.Registration r = Signals.addHandler(name, () -> {})) {
          System.out.println(name + ": handled");
        } catch (IllegalArgumentException e) {
          System.out.println(name + ": " + e.getMessage());
        }
      }
      System.out.println("main ran");
      return null;
    });
  }
}
