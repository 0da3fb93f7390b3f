package dev.jasyncio;

/**
 * Thrown by {@link Queue#getNowait()} when the queue has no item; asyncio's {@code QueueEmpty}.
 */
public class QueueEmptyException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what happened
   */
  public QueueEmptyException(String message) {
    super(message);
  }
}
