package dev.jasyncio;

import java.util.Arrays;

/**
 * The loop's pending timers: a 4-ary min-heap on (deadline, sequence), so equal deadlines fire in
 * the order they were set. The deadlines sit in a {@code long[]} beside the handles, so a sift
 * compares up to four keys on one cache line and reads a handle only to break a tie: with a
 * million timers, the pops of a wave of sleeps no longer chase a pointer per comparison. Each
 * handle knows its slot, so a cancel removes it at once in O(log n). Loop-only, unsynchronized.
 */
final class TimerQueue {
  private long[] deadlines = new long[64];
  private TimerHandle[] handles = new TimerHandle[64];
  private int size;

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** The earliest deadline, or {@link Long#MAX_VALUE} when empty. */
  long nextDeadline() {
    return size == 0 ? Long.MAX_VALUE : deadlines[0];
  }

  void add(TimerHandle h) {
    if (size == handles.length) {
      deadlines = Arrays.copyOf(deadlines, size * 2);
      handles = Arrays.copyOf(handles, size * 2);
    }
    siftUp(size++, h.deadline, h);
  }

  TimerHandle poll() {
    TimerHandle top = handles[0];
    removeAt(0);
    return top;
  }

  void remove(TimerHandle h) {
    int i = h.heapIndex;
    if (i >= 0 && i < size && handles[i] == h) {
      removeAt(i);
    }
  }

  void clear() {
    for (int i = 0; i < size; i++) {
      handles[i].heapIndex = -1;
      handles[i] = null;
    }
    size = 0;
  }

  private void removeAt(int i) {
    handles[i].heapIndex = -1;
    int last = --size;
    TimerHandle moved = handles[last];
    long d = deadlines[last];
    handles[last] = null;
    if (i != last) {
      siftDown(i, d, moved);
      if (moved.heapIndex == i) {
        siftUp(i, d, moved); // a slot in the middle: the moved timer may belong higher
      }
    }
  }

  /** Whether (d, h) comes before entry {@code j}. */
  private boolean before(long d, TimerHandle h, int j) {
    long dj = deadlines[j];
    return d < dj || (d == dj && h.seq - handles[j].seq < 0);
  }

  private void place(int i, long d, TimerHandle h) {
    deadlines[i] = d;
    handles[i] = h;
    h.heapIndex = i;
  }

  private void siftUp(int i, long d, TimerHandle h) {
    while (i > 0) {
      int parent = (i - 1) >>> 2;
      if (!before(d, h, parent)) {
        break;
      }
      place(i, deadlines[parent], handles[parent]);
      i = parent;
    }
    place(i, d, h);
  }

  private void siftDown(int i, long d, TimerHandle h) {
    while (true) {
      int first = (i << 2) + 1;
      if (first >= size) {
        break;
      }
      int best = first;
      int end = Math.min(first + 4, size);
      for (int c = first + 1; c < end; c++) {
        if (before(deadlines[c], handles[c], best)) {
          best = c;
        }
      }
      if (before(d, h, best)) {
        break;
      }
      place(i, deadlines[best], handles[best]);
      i = best;
    }
    place(i, d, h);
  }
}
