package dev.jasyncio;

/**
 * A held lock or semaphore permit, for try-with-resources: closing it releases what was
 * acquired, once (closing again does nothing).
 *
 * <pre>{@code
 * try (var _ = lock.acquire()) {
 *   // only one task at a time here
 * }
 * }</pre>
 *
 * <p>Name the resource {@code _} (an unnamed variable): a named one that the block never reads
 * draws javac's {@code -Xlint:try} warning.
 */
public final class Acquired implements AutoCloseable {
  /** What to release: a {@link Lock} or a {@link Semaphore}; null once released. */
  private Releasable held;

  Acquired(Releasable held) {
    this.held = held;
  }

  /** A lock or semaphore, as seen by its handle. */
  interface Releasable {
    void release();
  }

  /** Releases what was acquired; a second call does nothing. */
  @Override
  public void close() {
    Releasable r = held;
    if (r != null) {
      held = null;
      r.release();
    }
  }
}
