package dev.jasyncio.io;

/**
 * What a {@link Server} runs for each connection, in a task of its own: asyncio's
 * {@code client_connected_cb}. When it returns the connection is closed (after buffered writes
 * are sent); if it throws, the error is reported to the loop's exception handler and the
 * connection is aborted.
 */
@FunctionalInterface
public interface ConnectionHandler {
  /**
   * Serves one connection.
   *
   * @param reader the reading side
   * @param writer the writing side
   * @throws Exception anything; reported, never lost
   */
  void handle(StreamReader reader, StreamWriter writer) throws Exception;
}
