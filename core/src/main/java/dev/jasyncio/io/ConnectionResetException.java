package dev.jasyncio.io;

import java.io.IOException;

/**
 * The peer reset the connection, or closed it while we were still writing (a broken pipe):
 * asyncio's {@code ConnectionResetError} / {@code BrokenPipeError}.
 */
public class ConnectionResetException extends ConnectionException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed
   * @param cause the JDK's exception
   */
  public ConnectionResetException(String message, IOException cause) {
    super(message, cause);
  }
}
