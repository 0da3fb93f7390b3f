package dev.jasyncio;

/** When {@link Async#wait} returns; asyncio's {@code return_when} constants. */
public enum ReturnWhen {
  /** As soon as any task or promise is done (has a result, failed, or was cancelled). */
  FIRST_COMPLETED,
  /**
   * As soon as any fails with an exception (a cancellation does not count); if none fails, when
   * all are done.
   */
  FIRST_EXCEPTION,
  /** When all are done. */
  ALL_COMPLETED
}
