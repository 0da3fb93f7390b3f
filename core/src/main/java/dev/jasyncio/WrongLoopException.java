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

  /** The one message: what was used, whose it is, and who used it; asyncio's "attached to a different loop". */
  static WrongLoopException of(String what, Object object, Loop owner, Loop caller) {
    return new WrongLoopException(what + ": " + object + " belongs to " + owner + ", another loop than the calling "
        + caller + ". An object belongs to the loop that first used it (a test framework makes a loop per"
        + " test: create it in the test or its fixtures); hand values between loops with Loop.submit");
  }
}
