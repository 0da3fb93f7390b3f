package dev.jasyncio;

/** A program that prints the backend its default loop gets; run in a JVM of its own by a test. */
public final class BackendFallbackMain {
  private BackendFallbackMain() {}

  /**
   * Prints the default loop's backend.
   *
   * @param args unused
   */
  public static void main(String[] args) {
    System.out.println(Async.run(() -> Async.currentLoop().backend()));
  }
}
