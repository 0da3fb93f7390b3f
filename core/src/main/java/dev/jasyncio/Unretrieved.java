package dev.jasyncio;

import java.lang.ref.Cleaner;
import java.lang.ref.WeakReference;

/**
 * A failure nobody has retrieved yet: asyncio's "exception was never retrieved". It is reported
 * through the loop's exception handler as soon as its promise becomes unreachable (a
 * {@link Cleaner}, as asyncio reports from {@code __del__}), or when the loop closes for what is
 * left, and never twice. It holds the promise only weakly, so that the promise can go.
 */
final class Unretrieved implements Runnable {
  private static final class Holder {
    static final Cleaner CLEANER = Cleaner.create();
  }

  private final Loop loop;
  private final Throwable failure;
  private final String what;
  private final String name;
  private final StackTraceElement[] createdAt;
  private final WeakReference<Task<?>> task;
  private final Cleaner.Cleanable cleanable;
  /** Retrieved or reported: nothing more to say. */
  private volatile boolean done;

  Unretrieved(Loop loop, Promise<?> p) {
    this.loop = loop;
    this.failure = p.failure();
    Task<?> t = p instanceof Task<?> task ? task : null;
    this.what = t != null ? "Task exception was never retrieved" : "Promise exception was never retrieved";
    this.name = t != null ? t.getName() : null;
    this.createdAt = t != null ? t.createdAt() : null;
    this.task = new WeakReference<>(t);
    this.cleanable = Holder.CLEANER.register(p, this);
  }

  /** The failure was retrieved after all. Loop-only. */
  void retrieved() {
    done = true;
    cleanable.clean(); // deregisters; run() sees done
  }

  /** The Cleaner's thread: the promise is unreachable, so nobody can retrieve it any more. */
  @Override
  public void run() {
    if (!done) {
      loop.postFromAnyThread(this::report); // closed: close has reported it already
    }
  }

  /** Reports it now, unless retrieved or reported already. Loop-only. */
  void report() {
    if (done) {
      return;
    }
    done = true;
    loop.forgetUnretrieved(this);
    Task<?> t = task.get();
    String message = t == null && name != null ? what + " (task '" + name + "', garbage-collected)" : what;
    loop.callExceptionHandler(new ExceptionContext(message, failure, t, createdAt));
  }
}
