package dev.jasyncio;

/**
 * Thrown when a deadline passed before the work finished: by {@link Async#waitFor},
 * {@link Async#timeout}, {@link CancelScope#failAfter}, and by the iteration of
 * {@link Async#asCompleted(java.time.Duration, java.util.Collection)}; asyncio's
 * {@code TimeoutError}. It is not a cancellation: the work that timed out was cancelled (where the
 * call says so), and the caller goes on with this exception. Its cause is the
 * {@link CancelledException} the timed-out work ended with, if there was one.
 */
public class TimeoutException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what timed out
   */
  public TimeoutException(String message) {
    super(message);
  }

  /**
   * Creates the exception with the cancellation that ended the timed-out work.
   *
   * @param message what timed out
   * @param cause the cancellation, or {@code null}
   */
  public TimeoutException(String message, Throwable cause) {
    super(message, cause);
  }
}
