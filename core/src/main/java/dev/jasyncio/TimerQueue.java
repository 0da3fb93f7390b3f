package dev.jasyncio;

import java.util.Arrays;

/**
 * The loop's pending timers: a binary min-heap on (deadline, sequence), so equal deadlines fire in
 * the order they were set. Each handle knows its slot, so a cancel removes it in O(log n) and a
 * million pending timers cost one array and their handles. Loop-only, unsynchronized.
 */
final class TimerQueue {
  private TimerHandle[] heap = new TimerHandle[64];
  private int size;

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** The earliest deadline, or {@link Long#MAX_VALUE} when empty. */
  long nextDeadline() {
    return size == 0 ? Long.MAX_VALUE : heap[0].deadline;
  }

  void add(TimerHandle h) {
    if (size == heap.length) {
      heap = Arrays.copyOf(heap, size * 2);
    }
    h.heapIndex = size;
    heap[size++] = h;
    siftUp(h.heapIndex);
  }

  TimerHandle poll() {
    TimerHandle top = heap[0];
    removeAt(0);
    return top;
  }

  void remove(TimerHandle h) {
    int i = h.heapIndex;
    if (i >= 0 && i < size && heap[i] == h) {
      removeAt(i);
    }
  }

  void clear() {
    for (int i = 0; i < size; i++) {
      heap[i].heapIndex = -1;
      heap[i] = null;
    }
    size = 0;
  }

  private void removeAt(int i) {
    TimerHandle gone = heap[i];
    gone.heapIndex = -1;
    int last = --size;
    if (i != last) {
      heap[i] = heap[last];
      heap[i].heapIndex = i;
      heap[last] = null;
      siftDown(i);
      siftUp(i);
    } else {
      heap[last] = null;
    }
  }

  private static boolean less(TimerHandle a, TimerHandle b) {
    return a.deadline < b.deadline || (a.deadline == b.deadline && a.seq < b.seq);
  }

  private void siftUp(int i) {
    TimerHandle h = heap[i];
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      TimerHandle p = heap[parent];
      if (!less(h, p)) {
        break;
      }
      heap[i] = p;
      p.heapIndex = i;
      i = parent;
    }
    heap[i] = h;
    h.heapIndex = i;
  }

  private void siftDown(int i) {
    TimerHandle h = heap[i];
    int half = size >>> 1;
    while (i < half) {
      int child = 2 * i + 1;
      TimerHandle c = heap[child];
      int right = child + 1;
      if (right < size && less(heap[right], c)) {
        child = right;
        c = heap[child];
      }
      if (!less(c, h)) {
        break;
      }
      heap[i] = c;
      c.heapIndex = i;
      i = child;
    }
    heap[i] = h;
    h.heapIndex = i;
  }
}
