package dev.jasyncio.internal;

/** What the loop calls, on the loop, when a registered channel is ready. */
@FunctionalInterface
public interface IoHandler {
  /**
   * The channel is ready for {@code readyOps} ({@link java.nio.channels.SelectionKey} bits).
   *
   * @param readyOps the ready operations
   */
  void onReady(int readyOps);
}
