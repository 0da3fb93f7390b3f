package dev.jasyncio;

/**
 * A {@link Semaphore} that refuses to be released more often than it was acquired: asyncio's
 * {@code BoundedSemaphore}. Releasing beyond the initial number of permits is an error, which
 * catches a release without a matching acquire.
 */
public final class BoundedSemaphore extends Semaphore {
  private final int bound;

  /**
   * Creates a bounded semaphore with {@code permits} free permits, which is also its bound.
   *
   * @param permits the initial and maximal number of permits, not negative
   * @throws IllegalArgumentException if {@code permits} is negative
   */
  public BoundedSemaphore(int permits) {
    super(permits);
    bound = permits;
  }

  /**
   * Gives a permit back.
   *
   * @throws IllegalStateException if that would exceed the initial number of permits
   */
  @Override
  public void release() {
    onLoop("BoundedSemaphore.release");
    if (gate.permits >= bound) {
      throw new IllegalStateException("BoundedSemaphore released too many times: already "
          + gate.permits + " of " + bound + " permits free");
    }
    gate.give();
  }
}
