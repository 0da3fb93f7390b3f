package dev.jasyncio;

/**
 * A FIFO list of {@link Waiter}s owned by the thing waited on; intrusive and doubly linked, so a
 * cancelled waiter leaves in O(1) and nothing is allocated but the node. Loop-only.
 */
final class WaitQueue {
  /** What is waited on (a lock, a queue, a promise), for the task monitor; may be null. */
  final Object owner;
  /** The operation that waits here ("Queue.get"), for the task monitor. */
  final String what;
  final WaitKind kind;
  private Waiter head;
  private Waiter tail;
  private int size;

  WaitQueue() {
    this(null, WaitKind.OTHER, "wait");
  }

  /** A queue of {@code owner}'s waiters for {@code what}: waits on a primitive of the loop. */
  WaitQueue(Object owner, String what) {
    this(owner, WaitKind.PRIMITIVE, what);
  }

  WaitQueue(Object owner, WaitKind kind, String what) {
    this.owner = owner;
    this.kind = kind;
    this.what = what;
  }

  int size() {
    return size;
  }

  boolean isEmpty() {
    return head == null;
  }

  Waiter first() {
    return head;
  }

  void add(Waiter w) {
    w.queue = this;
    w.prev = tail;
    w.next = null;
    if (tail == null) {
      head = w;
    } else {
      tail.next = w;
    }
    tail = w;
    size++;
  }

  void remove(Waiter w) {
    if (w.queue != this) {
      return;
    }
    if (w.prev == null) {
      head = w.next;
    } else {
      w.prev.next = w.next;
    }
    if (w.next == null) {
      tail = w.prev;
    } else {
      w.next.prev = w.prev;
    }
    w.prev = w.next = null;
    w.queue = null;
    size--;
  }

  /** Wakes the first waiter with a value; false if there was none. */
  boolean wakeFirst(Object value) {
    Waiter w = head;
    return w != null && w.wake(value);
  }

  /** Wakes every waiter, in order. */
  void wakeAll(Object value) {
    Waiter w;
    while ((w = head) != null) {
      w.wake(value);
    }
  }
}
