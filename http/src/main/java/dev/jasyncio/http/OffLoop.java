package dev.jasyncio.http;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Calls that would pin the loop's carrier thread (host-name lookups and file reads are native
 * calls), made from inside OkHttp's exchange, where the loop cannot be used: they run on a pool
 * of platform threads while the task's virtual thread parks, which on the carrier backend frees
 * the loop. Interrupting the waiting task (its cancellation) abandons the call.
 */
final class OffLoop {
  private OffLoop() {}

  private static final ExecutorService POOL = Executors.newCachedThreadPool(new java.util.concurrent.ThreadFactory() {
    private final AtomicInteger n = new AtomicInteger();

    @Override
    public Thread newThread(Runnable r) {
      Thread t = new Thread(r, "jasyncio-http-offloop-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    }
  });

  /** Runs {@code call} on the pool and waits for it; its IOException is rethrown as is. */
  static <T> T call(Callable<T> call) throws IOException {
    Future<T> f = POOL.submit(call);
    try {
      return f.get();
    } catch (InterruptedException e) {
      f.cancel(true);
      Thread.currentThread().interrupt(); // the task's cancellation: OkHttp and the loop see it
      InterruptedIOException io = new InterruptedIOException("interrupted");
      io.initCause(e);
      throw io;
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof IOException io) {
        throw io;
      }
      if (c instanceof UncheckedIOException u) {
        throw u.getCause();
      }
      if (c instanceof RuntimeException r) {
        throw r;
      }
      if (c instanceof Error err) {
        throw err;
      }
      throw new IOException(c);
    }
  }
}
