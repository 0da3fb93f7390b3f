package dev.jasyncio;

/**
 * Thrown in a task whose cancellation was requested, at its next suspension point; asyncio's
 * {@code CancelledError}.
 *
 * <p>It is unchecked so that it travels through any code between the suspension point and the
 * task body. Cancellation is level-triggered: while the request stands, every later suspension
 * point of the task throws again, so a {@code catch (Exception e)} cannot swallow it for good.
 * A task that really means to go on calls {@link Task#uncancel()}.
 */
public class CancelledException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception without a message. */
  public CancelledException() {
    super();
  }

  /**
   * Creates an exception carrying the message given to {@link Task#cancel(String)}.
   *
   * @param message the cancellation message, or {@code null}
   */
  public CancelledException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and the cause that turned into this cancellation, such
   * as an {@link InterruptedException}.
   *
   * @param message the message, or {@code null}
   * @param cause the cause, or {@code null}
   */
  public CancelledException(String message, Throwable cause) {
    super(message, cause);
  }
}
