package dev.jasyncio;

/**
 * A task body that returns nothing and may throw checked exceptions: the {@code Runnable}
 * counterpart of {@link java.util.concurrent.Callable}.
 *
 * <pre>{@code
 * Async.run(() -> {
 *   System.out.println("hello");
 *   Async.sleep(Duration.ofSeconds(1));
 *   System.out.println("world");
 * });
 * }</pre>
 */
@FunctionalInterface
public interface ThrowingRunnable {
  /**
   * Runs the body.
   *
   * @throws Exception whatever the body throws; awaiting callers see it as described in
   *     {@link Async}
   */
  void run() throws Exception;
}
