package dev.jasyncio.io;

import dev.jasyncio.Async;
import dev.jasyncio.Loop;
import dev.jasyncio.internal.CoreAccess;
import dev.jasyncio.internal.IoHandler;
import dev.jasyncio.internal.WaitList;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;

/**
 * This package's per-loop state and its way into the core: the loop's selector, the core's
 * waiters and owner check, and one direct read buffer and one direct write buffer shared by
 * every channel of the loop (uvloop keeps one read buffer per loop too). Sharing is safe because
 * one loop runs one piece of its code at a time, and no code holds a shared buffer across a
 * suspension point. Loop-only.
 */
final class IoLoop {
  private static final CoreAccess CORE = CoreAccess.get();
  /** How much one read or one write to the OS moves at most. */
  static final int BUFFER_SIZE = 64 * 1024;

  final Loop loop;
  /** Reads land here, then are copied into the reader's buffer. */
  final ByteBuffer readBuffer = ByteBuffer.allocateDirect(BUFFER_SIZE);
  /** Writes are copied here, then handed to the OS: the JDK would copy a heap buffer anyway. */
  final ByteBuffer writeBuffer = ByteBuffer.allocateDirect(BUFFER_SIZE);

  private IoLoop(Loop loop) {
    this.loop = loop;
  }

  /** The calling task's loop's state. */
  static IoLoop current() {
    Loop loop = Async.currentLoop();
    return CORE.ioState(loop, () -> new IoLoop(loop));
  }

  /** The loop the caller runs on, or null (a thread outside any loop). */
  static Loop currentLoopOrNull() {
    return CORE.currentLoopOrNull();
  }

  /** Throws, changing nothing, unless the caller may use objects of {@code loop} now. */
  static void check(Loop loop, String what) {
    CORE.checkOnLoop(loop, what);
  }

  /** Waiters for the outside world (bytes, room, a peer's close). */
  static WaitList ioWaiters() {
    return CORE.newWaitList(true);
  }

  /** Waiters for this loop's own tasks (a server's handlers). */
  static WaitList taskWaiters() {
    return CORE.newWaitList(false);
  }

  /** Registers {@code channel} with this loop's selector and makes it non-blocking. */
  SelectionKey register(SelectableChannel channel, int ops, IoHandler handler) throws IOException {
    return CORE.register(loop, channel, ops, handler);
  }
}
