package dev.jasyncio;

import dev.jasyncio.internal.CoreAccess;
import dev.jasyncio.internal.IoHandler;
import dev.jasyncio.internal.WaitList;
import java.io.IOException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.util.function.Supplier;

/** The core's side of {@link CoreAccess}: io reaches waiters, the selector and owner checks here. */
final class IoBridge extends CoreAccess {
  static {
    CoreAccess.install(new IoBridge());
  }

  private IoBridge() {}

  @Override
  public WaitList newWaitList(boolean outside) {
    return new TaskWaitList(outside);
  }

  @Override
  public Loop currentLoopOrNull() {
    Object c = Loop.context();
    if (c instanceof Loop l) {
      return l;
    }
    return c instanceof Task<?> t ? t.loop : null;
  }

  @Override
  public void checkOnLoop(Loop loop, String what) {
    loop.checkOnLoop(what);
  }

  @Override
  public SelectionKey register(Loop loop, SelectableChannel channel, int ops, IoHandler handler)
      throws IOException {
    return loop.scheduler.register(channel, ops, handler);
  }

  @Override
  public <T> T ioState(Loop loop, Supplier<T> create) {
    return loop.scheduler.ioState(create);
  }

  @Override
  public <T> T blockingSocketCall(java.util.concurrent.Callable<T> call) {
    return Async.blocking(call, false);
  }

  /** A {@link WaitQueue} of the calling tasks' {@link Waiter}s. */
  private static final class TaskWaitList implements WaitList {
    private final WaitQueue queue;
    private final boolean outside;

    TaskWaitList(boolean outside) {
      this.outside = outside;
      this.queue = outside ? new WaitQueue(this, WaitKind.IO, "socket I/O")
          : new WaitQueue(this, WaitKind.OTHER, "stream hand-off");
    }

    @Override
    public void await() {
      Task<?> t = Task.requireCurrent("waiting on a stream");
      Waiter w = new Waiter(t);
      queue.add(w);
      Scheduler s = t.loop.scheduler;
      if (outside) {
        s.outsideWaits++;
      }
      try {
        t.suspend(w);
      } finally {
        if (outside) {
          s.outsideWaits--;
        }
      }
    }

    @Override
    public void wakeAll() {
      queue.wakeAll(null);
    }

    @Override
    public boolean isEmpty() {
      return queue.isEmpty();
    }
  }
}
