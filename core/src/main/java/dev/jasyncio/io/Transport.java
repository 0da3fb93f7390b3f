package dev.jasyncio.io;

import dev.jasyncio.Loop;
import dev.jasyncio.internal.WaitList;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import javax.net.ssl.SSLSession;

/**
 * One connection's byte pipe under a {@link StreamReader} and {@link StreamWriter}: asyncio's
 * transport. {@link SocketTransport} and {@link SslTransport} move bytes on the loop's selector,
 * with no task of their own; {@link StreamTransport} (pipes) over a pair of blocking JDK streams,
 * with a read and a write pump task. Either way user reads and writes never block in a JDK call themselves,
 * so cancelling them never closes the connection. All state is loop-only.
 */
abstract class Transport {
  final Loop loop;
  StreamReader reader;
  StreamWriter writer;
  /** Why the connection was lost, if it was lost by an error. */
  RuntimeException lost;
  /** Closed on this side (close or abort), as opposed to lost. */
  boolean closing;
  boolean closed;
  final WaitList closedWaiters = IoLoop.ioWaiters();
  private final String name;

  Transport(String name) {
    this.name = name;
    this.loop = IoLoop.current().loop;
  }

  /** Starts moving bytes for the sides that exist. Call from a task, after reader/writer are set. */
  void start() {
    if (reader != null) {
      reader.attach(this);
    }
    startMoving();
  }

  abstract void startMoving();

  /**
   * Hands the OS what it takes of {@code b[off, off+len)} now, without waiting; called only
   * while nothing is pending. Returns how many bytes it took (0: queue them all).
   */
  int tryWrite(byte[] b, int off, int len) {
    return 0;
  }

  /** As {@link #tryWrite(byte[], int, int)} for a buffer, consuming what was taken. */
  int tryWrite(ByteBuffer src) {
    return 0;
  }

  /**
   * The reader is about to wait for bytes: feed it what can be had without waiting, if that is
   * likely to be anything. Nothing by default.
   */
  void readNow() {}

  /** The writer has pending bytes, an end-of-stream or a close for the transport to carry out. */
  abstract void flushRequested();

  /** The reader has room again, or needs more than it has: resume a paused producer. */
  abstract void resumeReading();

  /** Closes the underlying channel; idempotent, does not block for long. */
  abstract void closeChannel();

  /** Whether the transport can send end-of-stream and keep reading. */
  boolean canWriteEof() {
    return true;
  }

  /** Closes {@code c}, ignoring failure: when closing, nothing is left to report to. */
  static void closeQuietly(java.io.Closeable c) {
    try {
      c.close();
    } catch (java.io.IOException ignored) {
      // closing: nothing left to report to
    }
  }

  SocketAddress localAddress() {
    return null;
  }

  SocketAddress remoteAddress() {
    return null;
  }

  SSLSession sslSession() {
    return null;
  }

  // --- lifecycle ---------------------------------------------------------------------------------

  /** The connection ended by an error: every waiter sees it, and the channel closes. */
  void connectionLost(RuntimeException e) {
    if (closed) {
      return;
    }
    if (lost == null && !closing) {
      lost = e;
    }
    if (reader != null) {
      if (lost != null) {
        reader.setException(lost);
      } else {
        reader.feedEof();
      }
    }
    closeNow();
  }

  /** Closes at once: buffered writes are dropped. Wakes everyone who waits. */
  void closeNow() {
    if (closed) {
      return;
    }
    closing = true;
    closed = true;
    closeChannel();
    if (reader != null) {
      reader.feedEof();
    }
    if (writer != null) {
      writer.onClosed();
    }
    closedWaiters.wakeAll();
  }

  /** End of stream arrived: close if this side has nothing left to send either. */
  void eofReceived() {
    reader.feedEof();
    if (writer == null || writer.eofWasSent()) {
      closeNow();
    }
  }

  /** This side's end-of-stream went out: close if the peer's came already. */
  void eofSent() {
    writer.eofSent();
    if (reader == null || reader.atEofReceived()) {
      closeNow();
    }
  }

  void waitClosed() {
    while (!closed) {
      closedWaiters.await();
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
