package dev.jasyncio;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A sequence of values produced while it is consumed: asyncio's async generator and
 * {@code async for}. A stream is pulled by one task at a time; pulling may suspend that task
 * (while a producer computes the next value, or a queue is empty).
 *
 * <pre>{@code
 * AsyncStream<Integer> powers = AsyncStream.generate(out -> {
 *   for (int i = 0; i < 10; i++) {
 *     out.emit(1 << i);          // suspends until the consumer asks for the next value
 *     Async.sleep(0.1);
 *   }
 * });
 * try (powers) {
 *   for (int p : powers) {
 *     if (p > 100) break;        // leaving the try closes the stream: the producer is cancelled
 *   }
 * }
 * List<Integer> small = AsyncStream.generate(...).filter(j -> j % 3 == 0).take(5).toList();
 * }</pre>
 *
 * <h2>Stopping early</h2>
 * Java cannot tell a for-each {@code break} from a pause, so ending early is made explicit and
 * backed by a safety net:
 * <ul>
 *   <li>{@link #close()} cancels a running producer and waits until its {@code finally} blocks
 *       have run (asyncio's {@code aclose()}); the stream is {@link AutoCloseable}, so a
 *       try-with-resources around the loop closes it on {@code break}, {@code return} or an
 *       exception;</li>
 *   <li>{@link #toList()}, {@link #forEach(Consumer)}, {@link #take(long)} and reaching the end
 *       close the stream by themselves;</li>
 *   <li>a stream belongs to the task that first pulls from it: when that task's body ends
 *       (returns or throws), a stream it left open is closed before the task completes, so a
 *       forgotten {@code close()} never leaves a producer running behind its consumer, and a
 *       task that is done has no producer left (asyncio needs {@code shutdown_asyncgens} for
 *       this).</li>
 * </ul>
 *
 * @param <T> the value type
 */
public abstract class AsyncStream<T> extends LoopBound implements Iterable<T>, AutoCloseable {
  /** What {@link #pull()} returns at the end of the stream. */
  static final Object END = new Object();

  AsyncStream() {}

  /** The next value, suspending the caller as needed, or {@link #END}. */
  abstract Object pull();

  /**
   * Stops the stream: a producer still running is cancelled and this waits until it has
   * finished, so its {@code finally} blocks have run; later pulls find the end. Closing twice
   * does nothing. If the producer fails while being closed (its {@code finally} throws), this
   * throws that failure, by the exception rule of {@link Async}; when the stream is closed
   * because its consuming task ended, the failure goes to the loop's exception handler.
   */
  @Override
  public abstract void close();

  /**
   * Receives a producer's values; see {@link #generate(Generator)}.
   *
   * @param <T> the value type
   */
  @FunctionalInterface
  public interface Emitter<T> {
    /**
     * Hands {@code value} to the consumer and suspends the producer until the consumer asks for
     * the next one; asyncio's {@code yield} in an async generator.
     *
     * @param value the value, may be null
     * @throws CancelledException when the stream was closed: the producer must stop
     */
    void emit(T value);
  }

  /**
   * A producer body: emits values, may suspend (sleep, await, get from queues) in between.
   *
   * @param <T> the value type
   */
  @FunctionalInterface
  public interface Generator<T> {
    /**
     * Produces the stream's values.
     *
     * @param out where the values go
     * @throws Exception any failure, which the consumer sees at its next pull
     */
    void run(Emitter<T> out) throws Exception;
  }

  /**
   * A stream produced by {@code body}, which runs as a task of its own, starting at the first
   * pull and running only while the consumer waits for a value (back-pressure). Its failure
   * reaches the consumer at the pull that would have got the next value, by the exception rule
   * of {@link Async}.
   *
   * @param body the producer
   * @param <T> the value type
   * @return the stream
   */
  public static <T> AsyncStream<T> generate(Generator<T> body) {
    return new GeneratorStream<>(Objects.requireNonNull(body, "body"));
  }

  /**
   * A stream of the items taken from {@code queue} with {@link Queue#get()}; it ends when the
   * queue is shut down and empty. It does not call {@link Queue#taskDone()}: a consumer that
   * relies on {@link Queue#join()} marks each item done itself.
   *
   * @param queue the queue
   * @param <T> the item type
   * @return the stream
   */
  public static <T> AsyncStream<T> fromQueue(Queue<T> queue) {
    Objects.requireNonNull(queue, "queue");
    return new AsyncStream<>() {
      private boolean closed;

      @Override
      Object pull() {
        if (closed) {
          return END;
        }
        try {
          return queue.get();
        } catch (QueueShutDownException e) {
          return END;
        }
      }

      @Override
      public void close() {
        closed = true;
      }
    };
  }

  /**
   * A stream of the values of {@code values}, for composing with the other operations.
   *
   * @param values the values
   * @param <T> the value type
   * @return the stream
   */
  public static <T> AsyncStream<T> fromIterable(Iterable<? extends T> values) {
    Iterator<? extends T> it = Objects.requireNonNull(values, "values").iterator();
    return new AsyncStream<>() {
      private boolean closed;

      @Override
      Object pull() {
        return !closed && it.hasNext() ? it.next() : END;
      }

      @Override
      public void close() {
        closed = true;
      }
    };
  }

  /**
   * A stream of the given values.
   *
   * @param values the values
   * @param <T> the value type
   * @return the stream
   */
  @SafeVarargs
  public static <T> AsyncStream<T> of(T... values) {
    return fromIterable(List.of(values));
  }

  /**
   * A stream of {@code f} applied to each value; closing it closes this one.
   *
   * @param f the function
   * @param <R> the result type
   * @return the mapped stream
   */
  public <R> AsyncStream<R> map(Function<? super T, ? extends R> f) {
    Objects.requireNonNull(f, "f");
    AsyncStream<T> up = this;
    return new Stage<>(up) {
      @Override
      @SuppressWarnings("unchecked")
      Object pull() {
        Object v = up.pull();
        return v == END ? END : f.apply((T) v);
      }
    };
  }

  /**
   * A stream of the values that satisfy {@code p}; closing it closes this one.
   *
   * @param p the predicate
   * @return the filtered stream
   */
  public AsyncStream<T> filter(Predicate<? super T> p) {
    Objects.requireNonNull(p, "p");
    AsyncStream<T> up = this;
    return new Stage<>(up) {
      @Override
      @SuppressWarnings("unchecked")
      Object pull() {
        Object v;
        while ((v = up.pull()) != END && !p.test((T) v)) {
          // skip
        }
        return v;
      }
    };
  }

  /**
   * A stream of the first {@code n} values; after the n-th this stream is closed (its producer
   * cancelled), without computing more.
   *
   * @param n how many, not negative
   * @return the shortened stream
   * @throws IllegalArgumentException if {@code n} is negative
   */
  public AsyncStream<T> take(long n) {
    if (n < 0) {
      throw new IllegalArgumentException("AsyncStream.take: negative count " + n);
    }
    AsyncStream<T> up = this;
    return new Stage<>(up) {
      private long left = n;

      @Override
      Object pull() {
        if (left == 0) {
          up.close();
          return END;
        }
        left--;
        return up.pull();
      }
    };
  }

  /**
   * Pulls every value into a list and closes the stream; asyncio's
   * {@code [x async for x in stream]}.
   *
   * @return the values, in order
   */
  @SuppressWarnings("unchecked")
  public List<T> toList() {
    List<T> out = new ArrayList<>();
    try (this) {
      Object v;
      while ((v = pull()) != END) {
        out.add((T) v);
      }
    }
    return out;
  }

  /**
   * Runs {@code action} on every value, then closes the stream (also when {@code action}
   * throws).
   *
   * @param action what to do with each value
   */
  @Override
  @SuppressWarnings("unchecked")
  public void forEach(Consumer<? super T> action) {
    Objects.requireNonNull(action, "action");
    try (this) {
      Object v;
      while ((v = pull()) != END) {
        action.accept((T) v);
      }
    }
  }

  /**
   * An iterator over the values, for for-each loops in a task: {@code hasNext()} may suspend the
   * task until the next value is there. Reaching the end closes the stream; to stop early, close
   * it (see the class comment). The stream is single-pass: every iterator continues where the
   * last left off.
   *
   * @return the iterator
   */
  @Override
  public Iterator<T> iterator() {
    return new Iterator<>() {
      private Object next = null;
      private boolean fetched;

      @Override
      public boolean hasNext() {
        if (!fetched) {
          next = pull();
          fetched = true;
          if (next == END) {
            close();
          }
        }
        return next != END;
      }

      @Override
      @SuppressWarnings("unchecked")
      public T next() {
        if (!hasNext()) {
          throw new NoSuchElementException("AsyncStream: no more values");
        }
        fetched = false;
        return (T) next;
      }
    };
  }

  /** An operation on an upstream stream; closing it closes the upstream. */
  private abstract static class Stage<T> extends AsyncStream<T> {
    private final AsyncStream<?> up;

    Stage(AsyncStream<?> up) {
      this.up = up;
    }

    @Override
    public void close() {
      up.close();
    }
  }
}
