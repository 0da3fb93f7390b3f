package dev.jasyncio.io;

import java.io.IOException;

/** Nothing listens at the address connected to: asyncio's {@code ConnectionRefusedError}. */
public class ConnectionRefusedException extends ConnectionException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed
   * @param cause the JDK's exception
   */
  public ConnectionRefusedException(String message, IOException cause) {
    super(message, cause);
  }
}
