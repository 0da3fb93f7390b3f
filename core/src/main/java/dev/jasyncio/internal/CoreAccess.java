package dev.jasyncio.internal;

import dev.jasyncio.Loop;
import java.io.IOException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;

/**
 * The core's package-private machinery as {@code dev.jasyncio.io} and jasyncio's own modules need
 * it: the waiter mechanism, the loop's selector, its owner check, a blocking section for socket
 * calls. The JDK's {@code SharedSecrets} pattern: the core installs the one implementation; this
 * package is exported only to jasyncio's modules (module-info), so nothing else reaches it on
 * the module path.
 */
public abstract class CoreAccess {
  private static volatile CoreAccess instance;

  /** Only the core subclasses this. */
  protected CoreAccess() {}

  /**
   * Installs the implementation; the core does this once as it loads.
   *
   * @param access the implementation
   */
  public static void install(CoreAccess access) {
    synchronized (CoreAccess.class) {
      if (instance != null) {
        throw new IllegalStateException("CoreAccess is installed already");
      }
      instance = access;
    }
  }

  /**
   * The implementation.
   *
   * @return the core's accessor
   */
  public static CoreAccess get() {
    CoreAccess a = instance;
    if (a == null) {
      try { // the implementation installs itself when its class initializes
        Class.forName("dev.jasyncio.IoBridge", true, CoreAccess.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException("jasyncio core is incomplete: no IoBridge", e);
      }
      a = instance;
    }
    return a;
  }

  /**
   * A new list of tasks waiting on something, on the core's waiter mechanism.
   *
   * @param outside whether its waits are for the outside world (bytes, a peer): virtual time
   *     then treats a waiting task as blocked in a real call, not as idle
   * @return the list
   */
  public abstract WaitList newWaitList(boolean outside);

  /**
   * The loop the calling thread runs on, or null.
   *
   * @return the loop or null
   */
  public abstract Loop currentLoopOrNull();

  /**
   * Throws, changing nothing, unless the caller may use {@code loop}'s objects now.
   *
   * @param loop the loop an object belongs to
   * @param what what is being called, for the message
   */
  public abstract void checkOnLoop(Loop loop, String what);

  /**
   * Registers a channel with {@code loop}'s selector, making it non-blocking; loop-only.
   *
   * @param loop the loop
   * @param channel the channel
   * @param ops the first interest set
   * @param handler called on the loop with the ready operations
   * @return the key
   * @throws IOException if the channel cannot be registered
   */
  public abstract SelectionKey register(Loop loop, SelectableChannel channel, int ops, IoHandler handler)
      throws IOException;

  /**
   * The I/O layer's state of {@code loop} (its shared buffers), created on first use; loop-only.
   *
   * @param loop the loop
   * @param create makes the state the first time
   * @param <T> its type
   * @return the state
   */
  public abstract <T> T ioState(Loop loop, java.util.function.Supplier<T> create);

  /**
   * {@code Async.blocking} for a call that only parks its thread in socket I/O (an HTTP exchange,
   * a Redis command): on the carrier backend it stays on the loop, where parking suspends just
   * the task, instead of moving to a carrier of its own and back.
   *
   * @param call the call
   * @param <T> its result type
   * @return its result
   */
  public abstract <T> T blockingSocketCall(java.util.concurrent.Callable<T> call);
}
