package dev.jasyncio;

import java.util.ArrayDeque;
import java.util.Collections;

/**
 * A last-in first-out {@link Queue}: {@code get} returns the item put most recently; asyncio's
 * {@code LifoQueue}. Everything else (bounds, fairness among waiting tasks, {@code join},
 * shutdown) is as in {@link Queue}.
 *
 * @param <T> the item type
 */
public final class LifoQueue<T> extends Queue<T> {
  /** Creates an unbounded LIFO queue. */
  public LifoQueue() {
    this(0);
  }

  /**
   * Creates a LIFO queue that holds at most {@code maxsize} items.
   *
   * @param maxsize the bound; 0 or less means unbounded
   */
  public LifoQueue(int maxsize) {
    super(maxsize, Collections.asLifoQueue(new ArrayDeque<>()));
  }
}
