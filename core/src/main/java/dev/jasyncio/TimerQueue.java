package dev.jasyncio;

import java.util.Arrays;

/**
 * The loop's pending timers: a 4-ary min-heap on (deadline, sequence), so equal deadlines fire in
 * the order they were set. An entry is a callback's {@link TimerHandle} or a sleeping task's
 * {@link SleepWaiter}, which is its own timer: a sleep costs one object, not a waiter and a
 * handle. The deadlines and sequences sit in arrays beside the entries, so a sift compares up to
 * four keys on one cache line and never reads an entry: with a million timers, the pops of a
 * wave of sleeps no longer chase a pointer per comparison. Each entry knows its slot, so a cancel
 * removes it at once in O(log n). Loop-only, unsynchronized.
 */
final class TimerQueue {
  private long[] deadlines = new long[64];
  private int[] seqs = new int[64];
  private ReadyItem[] entries = new ReadyItem[64];
  private int size;
  /**
   * The next sequence number. An int that wraps, compared by difference: only two timers of one
   * deadline set 2^31 timers apart could be misordered.
   */
  private int nextSeq;

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
    add(h, h.deadline);
  }

  void add(SleepWaiter w) {
    add(w, w.deadline);
  }

  private void add(ReadyItem e, long deadline) {
    if (size == entries.length) {
      deadlines = Arrays.copyOf(deadlines, size * 2);
      seqs = Arrays.copyOf(seqs, size * 2);
      entries = Arrays.copyOf(entries, size * 2);
    }
    siftUp(size++, deadline, nextSeq++, e);
  }

  /** Takes out the earliest entry; the caller has seen that one is due. */
  ReadyItem poll() {
    ReadyItem top = entries[0];
    removeAt(0);
    return top;
  }

  void remove(TimerHandle h) {
    remove(h, h.heapIndex);
  }

  void remove(SleepWaiter w) {
    remove(w, w.heapIndex);
  }

  private void remove(ReadyItem e, int i) {
    if (i >= 0 && i < size && entries[i] == e) {
      removeAt(i);
    }
  }

  void clear() {
    for (int i = 0; i < size; i++) {
      index(entries[i], -1);
      entries[i] = null;
    }
    size = 0;
  }

  private void removeAt(int i) {
    index(entries[i], -1);
    int last = --size;
    ReadyItem moved = entries[last];
    long d = deadlines[last];
    int s = seqs[last];
    entries[last] = null;
    if (i != last) {
      int at = siftDown(i, d, s, moved);
      if (at == i) {
        siftUp(i, d, s, moved); // a slot in the middle: the moved entry may belong higher
      }
    }
  }

  /** Whether (d, s) comes before entry {@code j}. */
  private boolean before(long d, int s, int j) {
    long dj = deadlines[j];
    return d < dj || (d == dj && s - seqs[j] < 0);
  }

  private void place(int i, long d, int s, ReadyItem e) {
    deadlines[i] = d;
    seqs[i] = s;
    entries[i] = e;
    index(e, i);
  }

  private static void index(ReadyItem e, int i) {
    if (e instanceof SleepWaiter w) {
      w.heapIndex = i;
    } else {
      ((TimerHandle) e).heapIndex = i;
    }
  }

  private void siftUp(int i, long d, int s, ReadyItem e) {
    while (i > 0) {
      int parent = (i - 1) >>> 2;
      if (!before(d, s, parent)) {
        break;
      }
      place(i, deadlines[parent], seqs[parent], entries[parent]);
      i = parent;
    }
    place(i, d, s, e);
  }

  /** Sifts (d, s, e) down from slot {@code i}; returns the slot it lands in. */
  private int siftDown(int i, long d, int s, ReadyItem e) {
    while (true) {
      int first = (i << 2) + 1;
      if (first >= size) {
        break;
      }
      int best = first;
      int end = Math.min(first + 4, size);
      for (int c = first + 1; c < end; c++) {
        if (before(deadlines[c], seqs[c], best)) {
          best = c;
        }
      }
      if (before(d, s, best)) {
        break;
      }
      place(i, deadlines[best], seqs[best], entries[best]);
      i = best;
    }
    place(i, d, s, e);
    return i;
  }
}
