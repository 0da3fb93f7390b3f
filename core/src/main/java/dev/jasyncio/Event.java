package dev.jasyncio;

/**
 * A flag tasks can wait for: asyncio's {@code Event}. {@link #set()} wakes every waiting task and
 * lets later {@link #await()}s return at once, until {@link #clear()}.
 *
 * <pre>{@code
 * Event ready = new Event();
 * Async.createTask(() -> { ready.await(); go(); });
 * ready.set();
 * }</pre>
 *
 * <p>The wait is called {@code await} because Java's {@code Object.wait()} is final.
 */
public final class Event extends LoopBound {
  private final WaitQueue waiters = new WaitQueue(this, "Event.wait");
  private boolean flag;

  /** Creates a cleared event. It belongs to the loop that first uses it. */
  public Event() {}

  /**
   * Suspends the calling task until the event is set; returns at once if it is.
   *
   * @throws CancelledException if the task is cancelled while waiting
   */
  public void await() {
    Task<?> me = callerTask("Event.await");
    if (flag) {
      return;
    }
    Waiter w = new Waiter(me);
    waiters.add(w);
    me.suspend(w);
  }

  /** Sets the flag and wakes every waiting task. */
  public void set() {
    onLoop("Event.set");
    if (!flag) {
      flag = true;
      waiters.wakeAll(null);
    }
  }

  /** Clears the flag: later waits suspend until the next {@link #set()}. */
  public void clear() {
    onLoop("Event.clear");
    flag = false;
  }

  /**
   * Whether the flag is set.
   *
   * @return true if set
   */
  public boolean isSet() {
    return flag;
  }

  @Override
  public String toString() {
    return "Event[" + (flag ? "set" : "unset") + ", waiters=" + waiters.size() + "]";
  }
}
