package dev.jasyncio.io;

/**
 * A line or separator-delimited chunk is longer than the reader's buffer limit: asyncio's
 * {@code LimitOverrunError}. {@link StreamReader#readuntil(byte[])} leaves the data in the
 * buffer; {@link #consumed()} says how much would have to be consumed to get past it.
 */
public class LimitOverrunException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  /** How many bytes to consume to get past the overrun. */
  private final int consumed;

  /**
   * Creates the exception.
   *
   * @param message what overran
   * @param consumed how many bytes to consume to get past the overrun
   */
  public LimitOverrunException(String message, int consumed) {
    super(message);
    this.consumed = consumed;
  }

  /**
   * How many bytes would have to be consumed.
   *
   * @return the count
   */
  public int consumed() {
    return consumed;
  }
}
