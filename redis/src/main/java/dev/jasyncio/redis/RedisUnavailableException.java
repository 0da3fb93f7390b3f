package dev.jasyncio.redis;

/**
 * Redis could not be reached (refused, reset, timed out, still loading its data) for longer than
 * the queue's {@link DistributedQueue.Builder#retryTimeout(java.time.Duration) retry timeout}.
 * Until then every operation retries with backoff; an item whose {@code taskDone} failed this
 * way stays pending and is delivered again.
 */
public class RedisUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what was tried, for how long, and where
   * @param cause the last failure
   */
  public RedisUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
