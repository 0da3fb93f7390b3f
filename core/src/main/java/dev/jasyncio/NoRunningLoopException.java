package dev.jasyncio;

/**
 * A method that needs a running loop was called from a thread with none, such as {@code main}
 * before {@link Async#run(java.util.concurrent.Callable)}, or from a thread of a pool. asyncio's
 * {@code RuntimeError: no running event loop}.
 */
public class NoRunningLoopException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what was called, and what to do instead
   */
  public NoRunningLoopException(String message) {
    super(message);
  }
}
