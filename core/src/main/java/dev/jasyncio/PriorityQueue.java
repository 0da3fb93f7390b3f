package dev.jasyncio;

import java.util.Comparator;
import java.util.Objects;

/**
 * A {@link Queue} that returns its smallest item first: asyncio's {@code PriorityQueue}. Items
 * are ordered by their natural order (they must be {@link Comparable}) or by a comparator; equal
 * items come out in no particular order. Everything else (bounds, fairness among waiting tasks,
 * {@code join}, shutdown) is as in {@link Queue}. Not {@link java.util.PriorityQueue}; import this
 * one by name where both are in scope.
 *
 * @param <T> the item type
 */
public final class PriorityQueue<T> extends Queue<T> {
  /** Creates an unbounded priority queue of {@link Comparable} items. */
  public PriorityQueue() {
    this(0);
  }

  /**
   * Creates a priority queue of {@link Comparable} items holding at most {@code maxsize}.
   *
   * @param maxsize the bound; 0 or less means unbounded
   */
  public PriorityQueue(int maxsize) {
    super(maxsize, new java.util.PriorityQueue<>());
  }

  /**
   * Creates a priority queue ordered by {@code comparator}, holding at most {@code maxsize}.
   *
   * @param maxsize the bound; 0 or less means unbounded
   * @param comparator the order, smallest first
   */
  public PriorityQueue(int maxsize, Comparator<? super T> comparator) {
    super(maxsize, new java.util.PriorityQueue<>(Objects.requireNonNull(comparator, "comparator")));
  }
}
