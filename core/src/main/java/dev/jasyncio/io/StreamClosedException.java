package dev.jasyncio.io;

/**
 * The stream was closed on this side, and is used afterwards: writing to a writer after
 * {@link StreamWriter#close()}, or using a closed server or endpoint.
 */
public class StreamClosedException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what was used after closing
   */
  public StreamClosedException(String message) {
    super(message);
  }
}
