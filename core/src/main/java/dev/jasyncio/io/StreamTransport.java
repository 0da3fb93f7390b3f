package dev.jasyncio.io;

import dev.jasyncio.Async;
import dev.jasyncio.CancelledException;
import dev.jasyncio.internal.WaitList;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * A transport over a pair of blocking JDK streams (a pipe's), which no selector
 * can watch: a read pump task feeds the reader (pausing while its buffer is full) and a write
 * pump task empties the writer's buffer, each call a blocking section.
 */
abstract class StreamTransport extends Transport {
  static final int READ_CHUNK = 64 * 1024;

  final InputStream in;
  final OutputStream out;
  private final WaitList pumpWaiter = IoLoop.taskWaiters();
  private final WaitList roomWaiter = IoLoop.taskWaiters();

  StreamTransport(String name, InputStream in, OutputStream out) {
    super(name);
    this.in = in;
    this.out = out;
  }

  /** Sends end-of-stream; the read side stays open. Blocking. */
  abstract void shutdownOutput() throws IOException;

  /** Makes a blocking call of this transport: a socket call unless the transport says otherwise. */
  <T> T call(String what, Blocking.IoCall<T> call) {
    return Blocking.socket(what, call);
  }

  @Override
  void startMoving() {
    if (reader != null) {
      Async.createTask(this::readLoop, this + "-read");
    }
    if (writer != null) {
      Async.createTask(this::writeLoop, this + "-write");
    }
  }

  @Override
  void flushRequested() {
    pumpWaiter.wakeAll();
  }

  @Override
  void resumeReading() {
    roomWaiter.wakeAll();
  }

  @Override
  void closeNow() {
    super.closeNow();
    pumpWaiter.wakeAll();
    roomWaiter.wakeAll();
  }

  private int read(ByteBuffer dst) throws IOException {
    int n = in.read(dst.array(), dst.arrayOffset() + dst.position(), dst.remaining());
    if (n > 0) {
      dst.position(dst.position() + n);
    }
    return n;
  }

  private void write(ByteBuffer[] srcs, int n) throws IOException {
    for (int i = 0; i < n; i++) {
      ByteBuffer b = srcs[i];
      out.write(b.array(), b.arrayOffset() + b.position(), b.remaining());
      b.position(b.limit());
    }
    out.flush();
  }

  private void readLoop() {
    ByteBuffer buf = ByteBuffer.allocate(READ_CHUNK);
    try {
      while (!closed) {
        if (reader.isFull()) {
          do {
            roomWaiter.await();
          } while (!closed && !reader.hasRoom());
          continue;
        }
        buf.clear();
        int n = call("read", () -> read(buf));
        if (n < 0) {
          eofReceived();
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
          pumpWaiter.await();
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
          eofSent();
          if (closed) {
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
}
