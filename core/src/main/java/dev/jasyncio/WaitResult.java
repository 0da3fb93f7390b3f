package dev.jasyncio;

import java.util.Set;

/**
 * What {@link Async#wait} returns: asyncio's {@code (done, pending)} pair. Both sets keep the
 * order the tasks were given in.
 *
 * @param done the tasks or promises that are done
 * @param pending those still running; {@code wait} never cancels them
 * @param <P> the task or promise type
 */
public record WaitResult<P extends Promise<?>>(Set<P> done, Set<P> pending) {
  /**
   * Makes the pair read-only.
   *
   * @param done the done set
   * @param pending the pending set
   */
  public WaitResult {
    done = java.util.Collections.unmodifiableSet(done);
    pending = java.util.Collections.unmodifiableSet(pending);
  }
}
