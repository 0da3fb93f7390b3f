package dev.jasyncio;

/**
 * Thrown by a {@link Queue}'s put and get after {@link Queue#shutdown(boolean)}: a put always, a
 * get once no item is left (an immediate shutdown drops the items); asyncio 3.13's
 * {@code QueueShutDownException}.
 */
public class QueueShutDownException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what happened
   */
  public QueueShutDownException(String message) {
    super(message);
  }
}
