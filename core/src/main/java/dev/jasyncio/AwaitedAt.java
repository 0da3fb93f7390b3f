package dev.jasyncio;

/**
 * Where a failure was awaited, attached to it as a suppressed exception: a task's error carries
 * only the failing task's frames, and this adds the awaiter's, as kotlinx.coroutines' stack-trace
 * recovery does, so a failure deep in a tree shows both sides:
 *
 * <pre>
 * java.lang.IllegalStateException: no such user
 *     at app.Users.load(Users.java:42)          &lt;- the failing task
 *     ...
 *     Suppressed: dev.jasyncio.AwaitedAt: awaited by Task[main, running]
 *         at dev.jasyncio.Promise.await(...)
 *         at app.Main.handle(Main.java:17)      &lt;- the awaiter
 * </pre>
 *
 * A checked error needs none: the {@link java.util.concurrent.CompletionException} that carries
 * it to the awaiter is made there and has the awaiter's frames.
 */
final class AwaitedAt extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An error awaited in a loop many times keeps the first few awaiters, not all. */
  private static final int MAX_PER_ERROR = 4;

  private AwaitedAt(String message) {
    super(message, null, false, true);
  }

  /** Adds the awaiting task's frames to {@code error}, once per await, at most a few times. */
  static Throwable mark(Throwable error) {
    if (!(error instanceof RuntimeException || error instanceof Error)
        || error instanceof CancelledException) {
      return error;
    }
    Task<?> me = Task.current();
    if (me == null) {
      return error; // retrieved by the thread that ran the loop (Async.run's caller): nothing to add
    }
    int already = 0;
    for (Throwable s : error.getSuppressed()) {
      if (s instanceof AwaitedAt) {
        already++;
      }
    }
    if (already < MAX_PER_ERROR) {
      error.addSuppressed(new AwaitedAt("awaited by " + me));
    }
    return error;
  }
}
