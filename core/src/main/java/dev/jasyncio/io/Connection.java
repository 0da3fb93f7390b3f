package dev.jasyncio.io;

/**
 * An open stream connection: the pair asyncio's {@code open_connection} returns.
 *
 * <pre>{@code
 * try (Connection c = Streams.openConnection("127.0.0.1", 8888)) {
 *   c.writer().write("ping\n");
 *   String reply = c.reader().readlineString();
 * }
 * }</pre>
 *
 * @param reader the reading side
 * @param writer the writing side
 */
public record Connection(StreamReader reader, StreamWriter writer) implements AutoCloseable {
  /** Closes the writer (after its buffered bytes are sent); see {@link StreamWriter#close()}. */
  @Override
  public void close() {
    writer.close();
  }
}
