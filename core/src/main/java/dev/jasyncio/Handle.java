package dev.jasyncio;

/**
 * A callback scheduled on a loop by {@link Loop#callSoon}, {@link Loop#callSoonThreadsafe} or
 * (as a {@link TimerHandle}) {@link Loop#callLater}. asyncio's {@code Handle}.
 */
public sealed class Handle implements ReadyItem permits TimerHandle {
  final Loop loop;
  private final Runnable callback;
  private volatile boolean cancelled;

  Handle(Loop loop, Runnable callback) {
    this.loop = loop;
    this.callback = callback;
  }

  /**
   * Cancels the callback: if it has not run yet, it never will. Does nothing if it already ran.
   * May be called from any thread.
   */
  public void cancel() {
    cancelled = true;
  }

  /**
   * Whether {@link #cancel()} was called.
   *
   * @return true once cancelled
   */
  public boolean isCancelled() {
    return cancelled;
  }

  Runnable callback() {
    return callback;
  }

  /** Runs the callback unless cancelled; the loop reports what it throws. */
  final void fire() {
    if (cancelled) {
      return;
    }
    try {
      callback.run();
    } catch (Throwable t) {
      loop.callExceptionHandler(new ExceptionContext("exception in callback " + callback, t, null, null));
    }
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + callback + (cancelled ? ", cancelled]" : "]");
  }
}
