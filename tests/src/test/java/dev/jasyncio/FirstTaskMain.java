package dev.jasyncio;

/**
 * A program whose first task prints "first task running"; run in a JVM of its own by a test that
 * watches which classes the JVM has loaded by then.
 */
public final class FirstTaskMain {
  private FirstTaskMain() {}

  /**
   * Runs one task that prints a line.
   *
   * @param args unused
   */
  public static void main(String[] args) {
    Async.run(() -> {
      System.out.println("first task running");
      System.out.flush();
      return null;
    });
  }
}
