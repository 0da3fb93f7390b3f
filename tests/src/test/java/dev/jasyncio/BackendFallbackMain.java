package dev.jasyncio;

/**
 * A program that prints the backend its default loop gets, then the result of a call offloaded
 * to a thread and of a sleep; run in a JVM of its own by a test.
 */
public final class BackendFallbackMain {
  private BackendFallbackMain() {}

  /**
   * Prints the default loop's backend and "offloaded 42, slept".
   *
   * @param args unused
   */
  public static void main(String[] args) {
    System.out.println(Async.run(() -> Async.currentLoop().backend()));
    System.out.println(Async.run(() -> {
      int v = Async.toThread(() -> 42); // a thread built off the loop
      Async.sleep(0.01);
      return "offloaded " + v + ", slept";
    }));
  }
}
