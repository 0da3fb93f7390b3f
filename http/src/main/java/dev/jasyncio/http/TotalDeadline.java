package dev.jasyncio.http;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;

/**
 * The total timeout of one attempt of a request, redirects and body included: when it passes, the
 * call in flight is cancelled (OkHttp's {@link Call#cancel()} aborts it at once) and the failure
 * that follows is reported as {@link HttpTimeoutException.Kind#TOTAL}. It runs on the real clock,
 * like the socket timeouts, because it bounds real network waits.
 */
final class TotalDeadline implements Runnable {
  private static final ScheduledThreadPoolExecutor TIMER = timer();

  final Duration timeout;
  private final ScheduledFuture<?> future;
  private volatile Call call;
  private volatile boolean expired;

  TotalDeadline(Duration timeout) {
    this.timeout = timeout;
    this.future = TIMER.schedule(this, timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  private static ScheduledThreadPoolExecutor timer() {
    ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
      Thread th = new Thread(r, "jasyncio-http-deadline");
      th.setDaemon(true);
      return th;
    });
    t.setRemoveOnCancelPolicy(true);
    return t;
  }

  /** The call now in flight for this attempt (each redirect hop is a new call). */
  void attach(Call c) {
    call = c;
    if (expired) {
      c.cancel();
    }
  }

  boolean expired() {
    return expired;
  }

  /** The exchange is over: nothing left to time. */
  void stop() {
    future.cancel(false);
  }

  /** Deadlines scheduled and not yet stopped or fired, in this process; for tests. */
  static int pending() {
    return TIMER.getQueue().size();
  }

  @Override
  public void run() {
    expired = true;
    Call c = call;
    if (c != null) {
      c.cancel();
    }
  }
}
