package dev.jasyncio;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * {@link Async#waitFor}: asyncio's {@code wait_for}, a deadline scope around an await. On
 * timeout the work is cancelled and awaited until it has really finished, then
 * {@link TimeoutException} is thrown; if the work swallowed the cancellation and returned a value
 * (or failed), that value (or failure) is the outcome instead, as in asyncio.
 */
final class WaitFor {
  private WaitFor() {}

  static <T> T waitFor(Duration timeout, Promise<T> work) {
    Objects.requireNonNull(work, "task");
    Task<?> me = Gather.start("Async.waitFor", List.of(work));
    CancelScope scope = CancelScope.after(timeout);
    return CancelScope.failAfter(scope, s -> awaitToTheEnd(me, work), timeout);
  }

  /** Awaits {@code work}; if the caller is cancelled meanwhile, the work is too, and is awaited. */
  private static <T> T awaitToTheEnd(Task<?> me, Promise<T> work) {
    try {
      return work.await(); // a cancelled await has cancelled the work and waited for its end
    } catch (CancelledException c) {
      if (work.isDone() && work.state != Promise.CANCELLED) {
        return work.resultRetrieved(); // it finished anyway: its outcome wins, as in asyncio
      }
      throw c;
    }
  }
}
