package dev.jasyncio.bench.peers;

import dev.jasyncio.bench.Bodies;
import dev.jasyncio.bench.Peer;
import dev.jasyncio.bench.PrimitiveWorkloads;
import java.lang.reflect.Constructor;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.LockSupport;

/**
 * The JVM's floor for one loop: the least a hand-off between two plain virtual threads costs when
 * both run on one carrier thread, as jasyncio's carrier backend runs its tasks. The threads are
 * built with the JDK's hidden {@code VirtualThreadBuilder(Executor)} hook (the one the carrier
 * backend uses) on a queue that the calling thread runs, and hand a value over with
 * {@link LockSupport#park()} and {@link LockSupport#unpark} alone: no futures, no queue objects, no
 * loop bookkeeping. What jasyncio's column costs above this one is jasyncio's own work per switch.
 *
 * <p>Needs {@code --add-opens java.base/java.lang=ALL-UNNAMED}, like the carrier backend.
 */
public final class OneCarrierFloorPeer implements Peer {
  /** The peer. */
  public OneCarrierFloorPeer() {}

  @Override
  public Bodies workloads() {
    return new Bodies().on(PrimitiveWorkloads.PROMISE_PINGPONG, OneCarrierFloorPeer::pingPong);
  }

  /** A one-thread scheduler: the calling thread runs what the JDK submits, in order. */
  private static final class OneCarrier implements Executor {
    private final ArrayDeque<Runnable> ready = new ArrayDeque<>();
    private final Thread carrier = Thread.currentThread();

    @Override
    public void execute(Runnable continuation) {
      Thread t = Thread.currentThread();
      // unlocked: only the carrier (starting the threads) and its two threads (unparking each
      // other while mounted on it) submit; a platform thread elsewhere is a bug of this peer
      if (t != carrier && !t.isVirtual()) {
        throw new IllegalStateException("a continuation submitted from outside the carrier");
      }
      ready.add(continuation);
    }

    Thread.Builder.OfVirtual builder() throws ReflectiveOperationException {
      Constructor<?> k = Class.forName("java.lang.ThreadBuilders$VirtualThreadBuilder")
          .getDeclaredConstructor(Executor.class);
      k.setAccessible(true);
      return (Thread.Builder.OfVirtual) k.newInstance(this);
    }

    /** Runs until nothing is ready: both threads have ended (neither waits on a timer). */
    void run() {
      Runnable r;
      while ((r = ready.poll()) != null) {
        r.run();
      }
    }
  }

  /** The hand-off's state, written by one thread and read by the other on the same carrier. */
  private static final class Slots {
    volatile int request;
    volatile boolean hasRequest;
    volatile int reply;
    volatile boolean hasReply;
  }

  private static long pingPong(int n) throws Exception {
    OneCarrier carrier = new OneCarrier();
    Thread.Builder.OfVirtual b = carrier.builder();
    Slots s = new Slots();
    long[] sum = new long[1];
    Thread[] threads = new Thread[2];
    threads[1] = b.unstarted(() -> {
      for (int i = 0; i < n; i++) {
        while (!s.hasRequest) {
          LockSupport.park();
        }
        s.hasRequest = false;
        s.reply = s.request + 1;
        s.hasReply = true;
        LockSupport.unpark(threads[0]);
      }
    });
    threads[0] = b.unstarted(() -> {
      long total = 0;
      for (int i = 0; i < n; i++) {
        s.request = i;
        s.hasRequest = true;
        LockSupport.unpark(threads[1]);
        while (!s.hasReply) {
          LockSupport.park();
        }
        s.hasReply = false;
        total += s.reply;
      }
      sum[0] = total;
    });
    threads[1].start();
    threads[0].start();
    carrier.run();
    if (threads[0].isAlive() || threads[1].isAlive()) {
      throw new IllegalStateException("the one-carrier ping-pong stopped before its end");
    }
    return sum[0];
  }
}
