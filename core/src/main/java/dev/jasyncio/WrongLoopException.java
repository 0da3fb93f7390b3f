package dev.jasyncio;

/**
 * A task, promise or primitive of one loop was used from a task of another loop. Each object
 * belongs to the loop it was created on; hand values between loops with
 * {@link Loop#submit(java.util.concurrent.Callable)} or a {@link java.util.concurrent.CompletableFuture}.
 */
public class WrongLoopException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what was used where
   */
  public WrongLoopException(String message) {
    super(message);
  }
}
