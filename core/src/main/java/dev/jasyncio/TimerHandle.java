package dev.jasyncio;

/**
 * A callback scheduled for a point in the loop's time by {@link Loop#callLater} or
 * {@link Loop#callAt}. asyncio's {@code TimerHandle}. Cancelling removes it from the loop's timer
 * queue, so cancelled timers cost nothing later.
 */
public final class TimerHandle extends Handle {
  final long deadline;
  /** Its slot in the loop's {@code TimerQueue}: heap (0 and up), run (-2 - slot), or none (-1). */
  int heapIndex = -1;

  TimerHandle(Loop loop, Runnable callback, long deadline) {
    super(loop, callback);
    this.deadline = deadline;
  }

  /**
   * When the callback is due, in the seconds of {@link Loop#time()}.
   *
   * @return the due time
   */
  public double when() {
    return Nanos.toSeconds(deadline);
  }

  @Override
  public void cancel() {
    super.cancel();
    loop.timerCancelled(this);
  }
}
