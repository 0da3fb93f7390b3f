package dev.jasyncio;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Random;

/**
 * The one policy point for the order in which ready work runs (ARCHITECTURE §6). An item is a
 * {@link Handle} (a callback) or a {@link TaskStep}. The loop runs in batches: the items ready
 * when a batch starts, then timers and the inbox again, as asyncio does.
 */
abstract sealed class ReadyQueue {
  abstract void add(ReadyItem item);

  abstract int size();

  abstract boolean isEmpty();

  /** Takes the next item to run; {@code batchLeft} items of the current batch remain (>= 1). */
  abstract ReadyItem poll(int batchLeft);

  abstract void clear();

  static ReadyQueue fifo() {
    return new Fifo();
  }

  static ReadyQueue seeded(long seed) {
    return new Seeded(seed);
  }

  /** First in, first out: asyncio's order. */
  static final class Fifo extends ReadyQueue {
    private final ArrayDeque<ReadyItem> q = new ArrayDeque<>(256);

    @Override
    void add(ReadyItem item) {
      q.addLast(item);
    }

    @Override
    int size() {
      return q.size();
    }

    @Override
    boolean isEmpty() {
      return q.isEmpty();
    }

    @Override
    ReadyItem poll(int batchLeft) {
      return q.pollFirst();
    }

    @Override
    void clear() {
      q.clear();
    }
  }

  /**
   * Runs the task steps of a batch in a seeded random order. Callbacks keep their relative order
   * (the loop promises callbacks run in the order they were scheduled); tasks that are ready at
   * the same moment have no promised order, so every permutation of them is a legal schedule.
   */
  static final class Seeded extends ReadyQueue {
    private final ArrayList<ReadyItem> q = new ArrayList<>();
    private final Random random;

    Seeded(long seed) {
      this.random = new Random(seed);
    }

    @Override
    void add(ReadyItem item) {
      q.add(item);
    }

    @Override
    int size() {
      return q.size();
    }

    @Override
    boolean isEmpty() {
      return q.isEmpty();
    }

    @Override
    ReadyItem poll(int batchLeft) {
      int pick = random.nextInt(Math.min(batchLeft, q.size()));
      if (!(q.get(pick) instanceof TaskStep)) {
        for (int i = 0; i < pick; i++) {
          if (!(q.get(i) instanceof TaskStep)) {
            pick = i;
            break;
          }
        }
      }
      return q.remove(pick);
    }

    @Override
    void clear() {
      q.clear();
    }
  }
}
