package dev.jasyncio;

import java.util.ArrayDeque;
import java.util.Objects;

/**
 * A first-in first-out queue between tasks: asyncio's {@code Queue}. With a {@code maxsize} it
 * is bounded: {@link #put} suspends while it is full (back-pressure); {@link #get} suspends while
 * it is empty. {@link #taskDone()} and {@link #join()} let a producer wait until every item was
 * processed, and {@link #shutdown(boolean)} ends it (asyncio 3.13).
 *
 * <pre>{@code
 * Queue<String> q = new Queue<>(100);
 * Async.createTask(() -> { for (String s : lines) q.put(s); });
 * Task<Void> worker = Async.createTask(() -> {
 *   while (true) { handle(q.get()); q.taskDone(); }
 * });
 * q.join();       // every item handled
 * worker.cancel();
 * }</pre>
 *
 * <h2>Fairness and cancellation</h2>
 * Waiting getters receive items, and waiting putters get room, in the order they started waiting:
 * an item put while getters wait goes straight to the first of them, and room freed while
 * putters wait goes to the first of them. So a {@code get} cancelled at any moment loses no item
 * (cancelled before an item was handed to it: it has none; cancelled after the hand-over, before
 * it resumed: it raises and the item goes back to the next getter or the front of the queue, as
 * in asyncio), and a cancelled {@code put} adds nothing (its admitted item is taken back out;
 * only if a getter already took it does the put return normally, the cancellation pending).
 * Items may not be {@code null}.
 *
 * <h2>Names</h2>
 * {@code Queue}, {@link PriorityQueue} and {@link LifoQueue} are named as in asyncio, so an
 * asyncio reader finds them; they are not {@link java.util.Queue} or
 * {@link java.util.PriorityQueue} (which do not suspend tasks). Where both are in scope, import
 * these by name ({@code import dev.jasyncio.Queue;}), which wins over wildcard imports.
 *
 * @param <T> the item type
 */
public sealed class Queue<T> extends LoopBound permits PriorityQueue, LifoQueue {
  /** Wake value for waiters released by {@link #shutdown(boolean)}. */
  private static final Object SHUT_DOWN = new Object();
  /** Wake value for a putter whose item was admitted. */
  private static final Object ADMITTED = new Object();

  private final int maxsize;
  private final java.util.Queue<T> buffer;
  private final WaitQueue getters = new WaitQueue(this, "Queue.get");
  /** Putters waiting for room; each waiter's value is its item until it is admitted. */
  private final WaitQueue putters = new WaitQueue(this, "Queue.put");
  private final WaitQueue joiners = new WaitQueue(this, "Queue.join");
  private int unfinished;
  private boolean shutDown;

  /** Creates an unbounded queue. */
  public Queue() {
    this(0);
  }

  /**
   * Creates a queue that holds at most {@code maxsize} items.
   *
   * @param maxsize the bound; 0 or less means unbounded, as in asyncio
   */
  public Queue(int maxsize) {
    this(maxsize, new ArrayDeque<>());
  }

  Queue(int maxsize, java.util.Queue<T> buffer) {
    this.maxsize = Math.max(0, maxsize);
    this.buffer = buffer;
  }

  /**
   * Adds an item, suspending the calling task while the queue is full.
   *
   * @param item the item, not null
   * @throws QueueShutDownException if the queue is shut down, or shuts down while waiting (the item is not
   *     added)
   * @throws CancelledException if the task is cancelled while waiting (the item is not added)
   */
  public void put(T item) {
    Task<?> me = callerTask("Queue.put");
    if (offer(item, "Queue.put")) {
      return;
    }
    Waiter w = new Waiter(me) {
      @Override
      boolean handBack() {
        // cancelled after its item was let in: take it back out, unless a getter has it already
        return value == SHUT_DOWN || withdraw(item);
      }
    };
    w.value = item;
    putters.add(w);
    me.suspend(w);
    if (w.value == SHUT_DOWN) {
      throw new QueueShutDownException("Queue.put: the queue was shut down while waiting for room");
    }
  }

  /**
   * Adds an item without suspending.
   *
   * @param item the item, not null
   * @throws QueueFullException if the queue is full
   * @throws QueueShutDownException if the queue is shut down
   */
  public void putNowait(T item) {
    onLoop("Queue.putNowait");
    if (!offer(item, "Queue.putNowait")) {
      throw new QueueFullException("Queue.putNowait: the queue is full (maxsize " + maxsize + ")");
    }
  }

  /** Adds the item if there is room now; false if full. */
  private boolean offer(T item, String what) {
    Objects.requireNonNull(item, "Queue items must not be null");
    if (shutDown) {
      throw new QueueShutDownException(what + ": the queue is shut down");
    }
    if (!putters.isEmpty() || isFull()) {
      return false;
    }
    unfinished++;
    if (!getters.wakeFirst(item)) { // getters wait only while the buffer is empty
      buffer.add(item);
    }
    return true;
  }

  /**
   * Removes and returns an item, suspending the calling task while the queue is empty.
   *
   * @return the item
   * @throws QueueShutDownException if the queue is shut down and empty, or shuts down while waiting
   * @throws CancelledException if the task is cancelled while waiting (the item it may have been
   *     handed goes back)
   */
  @SuppressWarnings("unchecked")
  public T get() {
    Task<?> me = callerTask("Queue.get");
    if (!buffer.isEmpty()) {
      return take();
    }
    if (shutDown) {
      throw new QueueShutDownException("Queue.get: the queue is shut down and empty");
    }
    Waiter w = new Waiter(me) {
      @Override
      @SuppressWarnings("unchecked")
      boolean handBack() {
        if (value != SHUT_DOWN) {
          giveBack((T) value); // cancelled after the hand-over: the item goes back to the front
        }
        return true;
      }
    };
    getters.add(w);
    me.suspend(w);
    if (w.value == SHUT_DOWN) {
      throw new QueueShutDownException("Queue.get: the queue was shut down while waiting for an item");
    }
    return (T) w.value;
  }

  /**
   * Removes and returns an item without suspending.
   *
   * @return the item
   * @throws QueueEmptyException if the queue is empty
   * @throws QueueShutDownException if the queue is shut down and empty
   */
  public T getNowait() {
    onLoop("Queue.getNowait");
    if (!buffer.isEmpty()) {
      return take();
    }
    if (shutDown) {
      throw new QueueShutDownException("Queue.getNowait: the queue is shut down and empty");
    }
    throw new QueueEmptyException("Queue.getNowait: the queue is empty");
  }

  /** Takes the next item and lets the first waiting putter's item in. */
  private T take() {
    T item = buffer.remove();
    admitPutter();
    return item;
  }

  @SuppressWarnings("unchecked")
  private void admitPutter() {
    Waiter p = putters.first();
    if (p != null && !isFull()) {
      buffer.add((T) p.value);
      unfinished++;
      p.wake(ADMITTED);
    }
  }

  /** An item handed to a getter that was cancelled before it resumed: next getter, or the front. */
  private void giveBack(T item) {
    if (getters.wakeFirst(item)) {
      return;
    }
    if (buffer instanceof java.util.Deque<T> d) {
      d.addFirst(item);
    } else {
      buffer.add(item); // priority and LIFO order put it where it is taken next anyway
    }
  }

  /** Takes back an admitted item of a cancelled put; false if a getter took it already. */
  private boolean withdraw(T item) {
    for (java.util.Iterator<T> it = buffer.iterator(); it.hasNext(); ) {
      if (it.next() == item) {
        it.remove();
        unfinished--;
        admitPutter(); // the room goes to the next putter
        return true;
      }
    }
    return false;
  }

  /**
   * Marks one item taken from the queue as processed; when every item put was processed,
   * {@link #join()} returns.
   *
   * @throws IllegalStateException if called more times than items were put
   */
  public void taskDone() {
    onLoop("Queue.taskDone");
    if (unfinished <= 0) {
      throw new IllegalStateException("Queue.taskDone called more times than items were put");
    }
    if (--unfinished == 0) {
      joiners.wakeAll(null);
    }
  }

  /**
   * Suspends the calling task until every item put was marked done with {@link #taskDone()}.
   *
   * @throws CancelledException if the task is cancelled while waiting
   */
  public void join() {
    Task<?> me = callerTask("Queue.join");
    if (unfinished == 0) {
      return;
    }
    Waiter w = new Waiter(me);
    joiners.add(w);
    me.suspend(w);
  }

  /**
   * Shuts the queue down (asyncio 3.13): later puts throw {@link QueueShutDownException}, and so do
   * waiting putters (their items are not added). Without {@code immediate}, gets go on while
   * items are left and throw once the queue is empty; waiting getters (the queue is empty) throw
   * now. With {@code immediate}, the items left are dropped, each counting as done for
   * {@link #join()}, and every get throws.
   *
   * @param immediate drop the items left instead of letting getters drain them
   */
  public void shutdown(boolean immediate) {
    onLoop("Queue.shutdown");
    shutDown = true;
    putters.wakeAll(SHUT_DOWN);
    if (immediate) {
      while (buffer.poll() != null) {
        if (unfinished > 0) {
          unfinished--;
        }
      }
      if (unfinished == 0) {
        joiners.wakeAll(null);
      }
    }
    getters.wakeAll(SHUT_DOWN);
  }

  /** Shuts the queue down, letting getters drain the items left; {@code shutdown(false)}. */
  public void shutdown() {
    shutdown(false);
  }

  /**
   * Whether {@link #shutdown(boolean)} was called.
   *
   * @return true once shut down
   */
  public boolean isShutDown() {
    return shutDown;
  }

  /**
   * The number of items in the queue; asyncio's {@code qsize()}.
   *
   * @return the count
   */
  public int qsize() {
    return buffer.size();
  }

  /**
   * Whether the queue holds no item.
   *
   * @return true if empty
   */
  public boolean isEmpty() {
    return buffer.isEmpty();
  }

  /**
   * Whether the queue holds {@code maxsize} items (never, if unbounded).
   *
   * @return true if full
   */
  public boolean isFull() {
    return maxsize > 0 && buffer.size() >= maxsize;
  }

  /**
   * The bound given at creation; 0 means unbounded.
   *
   * @return the maxsize
   */
  public int maxsize() {
    return maxsize;
  }

  /**
   * The number of items put and not yet marked done with {@link #taskDone()}.
   *
   * @return the count
   */
  public int unfinishedTasks() {
    return unfinished;
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[size=" + buffer.size() + ", maxsize=" + maxsize
        + ", getters=" + getters.size() + ", putters=" + putters.size()
        + ", unfinished=" + unfinished + (shutDown ? ", shut down" : "") + "]";
  }
}
