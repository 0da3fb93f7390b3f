package dev.jasyncio;

/**
 * {@link Async#shield}: a promise that follows {@code inner} but whose cancellation does not
 * reach it. asyncio's {@code shield}.
 */
final class Shield {
  private Shield() {}

  static <T> Promise<T> shield(Promise<T> inner) {
    java.util.Objects.requireNonNull(inner, "task");
    Gather.start("Async.shield", java.util.List.of(inner));
    if (inner.isDone()) {
      return inner; // asyncio: shielding a finished task gives the task itself
    }
    Promise<T> outer = new Promise<>(inner.loop);
    inner.addWaiter(new Waiter(null) {
      @Override
      void onWake() {
        if (outer.isDone()) {
          return; // the outer was cancelled; an inner failure stays unretrieved and is reported
        }
        if (inner.isCancelled()) {
          outer.complete(Promise.CANCELLED, new CancelledException(inner.cancelMessage()));
        } else if (inner.state == Promise.FAILED) {
          outer.complete(Promise.FAILED, inner.exception()); // the outer now carries it
        } else {
          outer.complete(Promise.RESULT, inner.result());
        }
      }
    });
    return outer;
  }
}
