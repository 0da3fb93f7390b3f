package dev.jasyncio;

/**
 * Thrown by {@link Barrier#await()} when the barrier is broken: it was aborted, or reset while
 * tasks waited; asyncio's {@code BrokenBarrierError}. Unchecked, unlike
 * {@link java.util.concurrent.BrokenBarrierException}; import this one by name where both are in
 * scope.
 */
public class BrokenBarrierException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what broke the barrier
   */
  public BrokenBarrierException(String message) {
    super(message);
  }
}
