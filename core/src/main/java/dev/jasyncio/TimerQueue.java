package dev.jasyncio;

import java.util.Arrays;

/**
 * The loop's pending timers, ordered by (deadline, sequence), so equal deadlines fire in the
 * order they were set. An entry is a callback's {@link TimerHandle} or a sleeping task's
 * {@link SleepWaiter}, which is its own timer: a sleep costs one object, not a waiter and a
 * handle. Each entry knows its slot, so a cancel removes it at once. Loop-only, unsynchronized.
 *
 * <p>Two structures hold them:
 *
 * <ul>
 *   <li><b>The run</b>: a ring of entries that came in order, each no earlier than the one before
 *       it. Timers of one delay set from a monotonic clock always do (a million tasks that sleep
 *       one second, every request's fixed timeout), so they join the run in O(1) and leave it from
 *       its head in O(1), in order, without touching any other entry. A cancel leaves a hole; the
 *       ring is compacted once holes outnumber entries, so it holds at most twice what is live.
 *   <li><b>The heap</b>: a 4-ary min-heap for the rest. The deadlines and sequences sit in arrays
 *       beside the entries, so a sift compares up to four keys on one cache line and never reads an
 *       entry. A cancel removes in O(log n).
 * </ul>
 *
 * The earliest timer is the earlier of the run's head and the heap's top.
 */
final class TimerQueue {
  private static final int MIN_COMPACT = 64;

  private long[] deadlines = new long[64];
  private int[] seqs = new int[64];
  private ReadyItem[] entries = new ReadyItem[64];
  private int size;

  // The run: slots head .. head + runSpan - 1 (mod the ring's length), runLive of them taken; an
  // entry in the run keeps -2 - slot as its index. Its deadlines are read from the entries: only
  // the head's is ever compared.
  private int[] runSeqs = new int[64];
  private ReadyItem[] runEntries = new ReadyItem[64];
  private int head;
  private int runSpan;
  private int runLive;
  private long runLast = Long.MIN_VALUE; // the deadline of its newest entry

  /**
   * The next sequence number. An int that wraps, compared by difference: only two timers of one
   * deadline set 2^31 timers apart could be misordered.
   */
  private int nextSeq;

  int size() {
    return size + runLive;
  }

  boolean isEmpty() {
    return size == 0 && runLive == 0;
  }

  /** The earliest deadline, or {@link Long#MAX_VALUE} when empty. */
  long nextDeadline() {
    long d = size == 0 ? Long.MAX_VALUE : deadlines[0];
    return runLive == 0 ? d : Math.min(d, deadline(runEntries[head]));
  }

  void add(TimerHandle h) {
    add(h, h.deadline);
  }

  void add(SleepWaiter w) {
    add(w, w.deadline);
  }

  private void add(ReadyItem e, long deadline) {
    int seq = nextSeq++;
    if (deadline >= runLast) {
      runAdd(e, deadline, seq);
      return;
    }
    if (size == entries.length) {
      deadlines = Arrays.copyOf(deadlines, size * 2);
      seqs = Arrays.copyOf(seqs, size * 2);
      entries = Arrays.copyOf(entries, size * 2);
    }
    siftUp(size++, deadline, seq, e);
  }

  /** Takes out the earliest entry; the caller has seen that one is due. */
  ReadyItem poll() {
    if (runLive > 0 && (size == 0 || runHeadFirst())) {
      ReadyItem e = runEntries[head];
      runRemoveAt(head);
      return e;
    }
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
    if (i >= 0) {
      if (i < size && entries[i] == e) {
        removeAt(i);
      }
    } else if (i <= -2) {
      int slot = -2 - i;
      if (slot < runEntries.length && runEntries[slot] == e) {
        runRemoveAt(slot);
      }
    }
  }

  void clear() {
    for (int i = 0; i < size; i++) {
      index(entries[i], -1);
      entries[i] = null;
    }
    size = 0;
    int mask = runEntries.length - 1;
    for (int k = 0; k < runSpan; k++) {
      int slot = (head + k) & mask;
      ReadyItem e = runEntries[slot];
      if (e != null) {
        index(e, -1);
        runEntries[slot] = null;
      }
    }
    head = runSpan = runLive = 0;
    runLast = Long.MIN_VALUE;
  }

  /** The slots the run holds, its holes included: at most twice its entries, or a few. */
  int runSlots() {
    return runSpan;
  }

  private static long deadline(ReadyItem e) {
    return e instanceof SleepWaiter w ? w.deadline : ((TimerHandle) e).deadline;
  }

  private static void index(ReadyItem e, int i) {
    if (e instanceof SleepWaiter w) {
      w.heapIndex = i;
    } else {
      ((TimerHandle) e).heapIndex = i;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The run

  /** Whether the run's head comes before the heap's top; both are non-empty. */
  private boolean runHeadFirst() {
    long d = deadline(runEntries[head]);
    long dh = deadlines[0];
    return d < dh || (d == dh && runSeqs[head] - seqs[0] < 0);
  }

  private void runAdd(ReadyItem e, long deadline, int seq) {
    if (runSpan == runEntries.length) {
      relayRun(runEntries.length * 2);
    }
    int slot = (head + runSpan) & (runEntries.length - 1);
    runSeqs[slot] = seq;
    runEntries[slot] = e;
    index(e, -2 - slot);
    runSpan++;
    runLive++;
    runLast = deadline;
  }

  private void runRemoveAt(int slot) {
    index(runEntries[slot], -1);
    runEntries[slot] = null;
    runLive--;
    int mask = runEntries.length - 1;
    while (runSpan > 0 && runEntries[head] == null) { // the head is never a hole
      head = (head + 1) & mask;
      runSpan--;
    }
    if (runSpan == 0) {
      head = 0;
      runLast = Long.MIN_VALUE; // empty: any deadline may start the next run
      return;
    }
    if (runSpan > MIN_COMPACT && runLive < runSpan / 2) {
      relayRun(runEntries.length); // cancels left more holes than entries: close them up
    }
  }

  /** Lays the run's entries out from slot 0 of a ring of {@code length}, without its holes. */
  private void relayRun(int length) {
    int[] s = new int[length];
    ReadyItem[] e = new ReadyItem[length];
    int mask = runEntries.length - 1;
    int n = 0;
    for (int k = 0; k < runSpan; k++) {
      int from = (head + k) & mask;
      ReadyItem x = runEntries[from];
      if (x != null) {
        s[n] = runSeqs[from];
        e[n] = x;
        index(x, -2 - n);
        n++;
      }
    }
    runSeqs = s;
    runEntries = e;
    head = 0;
    runSpan = n;
  }

  // ---------------------------------------------------------------------------------------------
  // The heap

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
