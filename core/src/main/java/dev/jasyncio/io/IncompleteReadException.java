package dev.jasyncio.io;

/**
 * The stream ended before the bytes asked for arrived: asyncio's {@code IncompleteReadError}.
 * Thrown by {@link StreamReader#readexactly(int)} and {@link StreamReader#readuntil(byte[])}; it
 * carries the bytes that did arrive, so none are lost.
 */
public class IncompleteReadException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  /** The bytes read before the end of the stream. */
  private final byte[] partial;
  /** How many were asked for, or -1 up to a separator. */
  private final long expected;

  /**
   * Creates the exception.
   *
   * @param partial the bytes read before the end of the stream
   * @param expected how many were asked for, or -1 when reading up to a separator
   */
  public IncompleteReadException(byte[] partial, long expected) {
    super(partial.length + " bytes read on a total of "
        + (expected < 0 ? "undefined" : Long.toString(expected)) + " expected bytes");
    this.partial = partial;
    this.expected = expected;
  }

  /**
   * The bytes that arrived before the end of the stream.
   *
   * @return a copy of them
   */
  public byte[] partial() {
    return partial.clone();
  }

  /**
   * How many bytes were asked for.
   *
   * @return the count, or -1 when reading up to a separator
   */
  public long expected() {
    return expected;
  }
}
