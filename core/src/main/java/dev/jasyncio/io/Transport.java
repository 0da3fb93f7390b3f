package dev.jasyncio.io;

import dev.jasyncio.Async;
import dev.jasyncio.CancelledException;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import javax.net.ssl.SSLSession;

/**
 * One connection's byte pipe and the two tasks that move its bytes, as asyncio's transport and
 * protocol do: a read pump feeds the {@link StreamReader} (pausing while the reader's buffer is
 * full) and a write pump empties the {@link StreamWriter}'s buffer. User reads and writes never
 * block in a JDK call themselves, so cancelling them never closes the connection; only the pumps
 * make blocking calls. All state is loop-only.
 */
abstract class Transport {
  static final int READ_CHUNK = 64 * 1024;

  StreamReader reader;
  StreamWriter writer;
  /** Why the connection was lost, if it was lost by an error. */
  RuntimeException lost;
  /** Closed on this side (close or abort), as opposed to lost. */
  boolean closing;
  boolean closed;
  final Notifier closedWaiters = new Notifier();
  private final String name;

  Transport(String name) {
    this.name = name;
  }

  // --- the blocking primitives, called from a pump task ----------------------------------------

  /** Reads into {@code dst}; -1 at end of stream. Blocking. */
  abstract int read(ByteBuffer dst) throws IOException;

  /** Writes every byte of {@code srcs[0..n)}. Blocking. */
  abstract void write(ByteBuffer[] srcs, int n) throws IOException;

  /** Sends end-of-stream (a TCP FIN); the read side stays open. */
  abstract void shutdownOutput() throws IOException;

  /** Closes the underlying channel; idempotent, does not block for long, any thread. */
  abstract void closeChannel();

  /** Makes a blocking call of this transport: a socket call unless the transport says otherwise. */
  <T> T call(String what, Blocking.IoCall<T> call) {
    return Blocking.socket(what, call);
  }

  /** Closes {@code c}, ignoring failure: when closing, nothing is left to report to. */
  static void closeQuietly(java.io.Closeable c) {
    try {
      c.close();
    } catch (IOException ignored) {
      // closing: nothing left to report to
    }
  }

  ByteBuffer newReadBuffer() {
    return ByteBuffer.allocate(READ_CHUNK);
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

  /** Starts the pumps for the sides that exist. Call from a task, after reader/writer are set. */
  void start() {
    if (reader != null) {
      Async.createTask(this::readLoop, name + "-read");
    }
    if (writer != null) {
      Async.createTask(this::writeLoop, name + "-write");
    }
  }

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

  void waitClosed() {
    while (!closed) {
      closedWaiters.await();
    }
  }

  private void readLoop() {
    ByteBuffer buf = newReadBuffer();
    try {
      while (!closed) {
        reader.awaitRoom();
        buf.clear();
        int n = call("read", () -> read(buf));
        if (n < 0) {
          reader.feedEof();
          if (writer == null || writer.eofWasSent()) {
            closeNow();
          }
          return;
        }
        buf.flip();
        reader.feed(buf);
      }
    } catch (CancelledException c) {
      closeNow(); // the loop is closing: an interrupted channel is closed anyway
    } catch (RuntimeException e) {
      if (closing) {
        reader.feedEof();
      } else {
        connectionLost(e);
      }
    }
  }

  private void writeLoop() {
    try {
      while (true) {
        while (!closed && !writer.hasWork()) {
          writer.pumpWaiter.await();
        }
        if (closed) {
          return;
        }
        int n = writer.batch();
        if (n > 0) {
          ByteBuffer[] batch = writer.batchBuffers();
          call("write", () -> {
            write(batch, n);
            return null;
          });
          writer.written(n);
        } else if (writer.eofPending()) {
          call("writeEof", () -> {
            shutdownOutput();
            return null;
          });
          writer.eofSent();
          if (reader == null || reader.atEofReceived()) {
            closeNow();
            return;
          }
        } else if (writer.isClosing0()) {
          closing = true;
          closeNow();
          return;
        }
      }
    } catch (CancelledException c) {
      closeNow();
    } catch (RuntimeException e) {
      connectionLost(e);
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
