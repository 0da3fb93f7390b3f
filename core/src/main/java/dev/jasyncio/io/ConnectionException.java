package dev.jasyncio.io;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A connection failed or was lost: asyncio's {@code ConnectionError}. The JDK's original
 * {@link IOException} is the cause. Subclasses name the common cases.
 */
public class ConnectionException extends UncheckedIOException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed
   * @param cause the JDK's exception
   */
  public ConnectionException(String message, IOException cause) {
    super(message, cause);
  }
}
