package dev.jasyncio;

/**
 * The {@link AsyncStream} of a producer body: the body runs as its own task and hands each value
 * to the consumer's waiter. The producer runs only while the consumer has asked for a value
 * ({@code demand}); after each emit it waits until asked again. A consumer cancelled while
 * waiting leaves its request standing: the value then produced waits in {@code slot} for its next
 * pull, so nothing is lost. Loop-only.
 */
final class GeneratorStream<T> extends AsyncStream<T> {
  private static final Object NONE = new Object();
  /** Wake value for the consumer: the producer has finished; see {@code outcome}. */
  private static final Object FINISHED = new Object();

  private final Generator<T> body;
  private Task<Void> producer;
  private Task<?> owner;
  private Runnable closeWhenOwnerEnds;
  private final WaitQueue consumer = new WaitQueue(this, "AsyncStream.next");
  private final WaitQueue producerIdle = new WaitQueue(this, "AsyncStream.yield");
  private boolean demand;
  private Object slot = NONE;
  /** Null while the producer runs; END, or the failure the consumer must see next. */
  private Object outcome;
  private boolean closed;
  /** What the producer threw while being closed (its finally failed); close() rethrows it. */
  private Throwable closeFailure;

  GeneratorStream(Generator<T> body) {
    this.body = body;
  }

  @Override
  Object pull() {
    Task<?> me = callerTask("AsyncStream.next");
    if (slot != NONE) {
      Object v = slot;
      slot = NONE;
      return v;
    }
    if (closed) {
      return END;
    }
    if (outcome != null) {
      return finished();
    }
    if (!consumer.isEmpty()) {
      throw new IllegalStateException("AsyncStream: another task is already waiting for the next"
          + " value; a stream has one consumer at a time");
    }
    demand = true;
    if (producer == null) {
      start(me);
    } else {
      producerIdle.wakeFirst(null);
    }
    Waiter w = new Waiter(me) {
      @Override
      boolean handBack() {
        if (value != FINISHED) {
          slot = value; // cancelled after the hand-over: the value waits for the next pull
        }
        return true;
      }
    };
    consumer.add(w);
    me.suspend(w);
    return w.value == FINISHED ? finished() : w.value;
  }

  /** The end of the stream, or the producer's failure (once; the end after it). */
  private Object finished() {
    Object o = outcome;
    if (o instanceof Throwable t) {
      outcome = END;
      throw Exceptions.rethrow(t instanceof CancelledException c
          ? new CancelledException(c.getMessage(), c) : t);
    }
    return END;
  }

  private void start(Task<?> me) {
    owner = me;
    closeWhenOwnerEnds = () -> {
      try {
        close();
      } catch (Throwable t) { // must not replace the outcome of the owner's body: report it
        me.loop.callExceptionHandler(new ExceptionContext("AsyncStream producer failed while its"
            + " stream was closed at the end of " + me, t, producer, null));
      }
    };
    me.atExit(closeWhenOwnerEnds); // a forgotten close() happens when the consuming task's body ends
    producer = me.loop.createTask(this::produce, "AsyncStream-producer");
  }

  private Void produce() {
    try {
      body.run(this::emit);
      finish(END);
    } catch (CancelledException c) {
      finish(closed ? END : c);
      throw c;
    } catch (Throwable t) {
      if (closed) {
        closeFailure = t; // failed while closing: whoever closes sees it
        finish(END);
      } else {
        finish(t); // the consumer sees it; the producer task itself ends normally
      }
    }
    return null;
  }

  private void finish(Object o) {
    outcome = o;
    consumer.wakeFirst(FINISHED);
  }

  private void emit(T value) {
    Task<?> me = Task.current();
    if (me != producer) {
      throw new IllegalStateException("AsyncStream: emit must be called by the stream's own"
          + " producer body, not from " + me);
    }
    if (closed) {
      throw new CancelledException("AsyncStream closed");
    }
    demand = false;
    if (!consumer.wakeFirst(value)) {
      slot = value; // the consumer stopped waiting (cancelled): keep the value for its next pull
    }
    while (!demand) {
      Waiter w = new Waiter(me);
      producerIdle.add(w);
      me.suspend(w);
    }
  }

  /** Marks the stream closed and cancels the producer; returns it if it still runs. */
  private Task<Void> closeNow() {
    if (!closed) {
      closed = true;
      slot = NONE;
      if (owner != null) {
        owner.removeAtExit(closeWhenOwnerEnds);
      }
      consumer.wakeFirst(FINISHED);
    }
    Task<Void> p = producer;
    if (p != null && !p.isDone()) {
      p.cancel("AsyncStream closed");
      return p;
    }
    return null;
  }

  @Override
  public void close() {
    onLoop("AsyncStream.close");
    Task<Void> p = closeNow();
    Task<?> me = Task.current();
    if (p != null && me != null && me != p) {
      // asyncio's aclose(): the producer's finally has run when close returns, even if the
      // closing task is itself being cancelled
      Completions.cancelAndJoin(me, java.util.List.of(p), "AsyncStream closed");
    }
    Throwable f = closeFailure;
    if (f != null) {
      closeFailure = null;
      throw Exceptions.rethrow(f);
    }
  }

  @Override
  public String toString() {
    return "AsyncStream[" + (closed ? "closed" : outcome != null ? "finished" : "open") + "]";
  }
}
