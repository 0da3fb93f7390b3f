package dev.jasyncio;

/**
 * A promise or task was used in a way its state does not allow: a result set twice, a result
 * read before it exists. asyncio's {@code InvalidStateError}.
 */
public class InvalidStateException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what was wrong
   */
  public InvalidStateException(String message) {
    super(message);
  }
}
