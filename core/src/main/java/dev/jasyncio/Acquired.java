package dev.jasyncio;

/**
 * A held lock or semaphore permit, for try-with-resources: closing it releases what was
 * acquired, once (closing again does nothing).
 *
 * <pre>{@code
 * try (Acquired held = lock.acquire()) {
 *   // only one task at a time here
 * }
 * }</pre>
 */
public final class Acquired implements AutoCloseable {
  private Runnable release;

  Acquired(Runnable release) {
    this.release = release;
  }

  /** Releases what was acquired; a second call does nothing. */
  @Override
  public void close() {
    Runnable r = release;
    if (r != null) {
      release = null;
      r.run();
    }
  }
}
