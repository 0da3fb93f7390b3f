package dev.jasyncio;

/**
 * The time source of a {@link Loop}. Every deadline of the loop (sleeps, timeouts, scopes,
 * {@link Loop#callLater}) is read from one clock, so swapping in a {@link VirtualClock} makes
 * every timed behaviour of a program run in virtual time.
 */
public interface Clock {
  /**
   * The current time in nanoseconds, on an arbitrary origin; only differences are meaningful.
   *
   * @return the time now
   */
  long nanoTime();

  /**
   * The system's monotonic clock ({@link System#nanoTime()}).
   *
   * @return the real clock
   */
  static Clock system() {
    return System::nanoTime;
  }

  /**
   * A new virtual clock that starts at zero and jumps to the next timer whenever every task of
   * its loop waits (Trio's autojump clock).
   *
   * @return a new virtual clock, to be given to one loop
   */
  static VirtualClock virtual() {
    return new VirtualClock(true);
  }
}
