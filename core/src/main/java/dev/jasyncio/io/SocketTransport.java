package dev.jasyncio.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * A TCP or Unix-domain connection on a non-blocking {@link SocketChannel} registered with the
 * loop's selector, uvloop's way: no task of its own. When the channel is readable the loop reads
 * into its shared buffer and feeds the reader (reading pauses while the reader holds more than
 * twice its limit); a write goes straight to the socket from the caller while the kernel takes
 * it, and only the rest is buffered, to be flushed when the channel is writable.
 */
final class SocketTransport extends ChannelTransport {
  /** Reads per readiness event while each fills the whole buffer (libuv reads up to 32). */
  private static final int READS_PER_EVENT = 4;

  private boolean reading;
  /** The last read filled the whole buffer: the kernel likely holds more. */
  private boolean moreQueued;

  /** Registers {@code channel} (connected, or about to connect) with the loop's selector. */
  SocketTransport(SocketChannel channel) throws IOException {
    super("socket", channel);
  }

  @Override
  void startMoving() {
    if (reader != null && !closed) {
      reading = true;
      updateInterest();
    }
  }

  // --- readiness ---------------------------------------------------------------------------------

  @Override
  void onReady(int ops) {
    if ((ops & SelectionKey.OP_READ) != 0 && reading) {
      readReady();
    }
    if ((ops & SelectionKey.OP_WRITE) != 0 && !closed) {
      flush();
    }
  }

  private void readReady() {
    ByteBuffer buf = io.readBuffer;
    moreQueued = false;
    try {
      for (int i = 0; i < READS_PER_EVENT && reading; i++) {
        buf.clear();
        int n = channel.read(buf);
        if (n < 0) {
          reading = false;
          updateInterest();
          eofReceived();
          return;
        }
        if (n == 0) {
          return;
        }
        buf.flip();
        reader.feed(buf);
        if (reader.isFull()) {
          reading = false; // asyncio's pause_reading: the reader resumes us when it has room
          updateInterest();
        }
        if (n < buf.capacity()) {
          return;
        }
        moreQueued = true;
      }
    } catch (IOException e) {
      readFailed(e);
    }
  }

  /**
   * A reader that must wait reads the socket itself first when the last read left more behind
   * (a bulk stream): the bytes come without a trip through the selector and a suspension.
   */
  @Override
  void readNow() {
    if (moreQueued && reading && !closed) {
      readReady();
    }
  }

  private void readFailed(IOException e) {
    if (closing) {
      reader.feedEof();
      closeNow();
    } else {
      connectionLost(Blocking.map("read", e));
    }
  }

  @Override
  void resumeReading() {
    if (!reading && !closed && !reader.atEofReceived() && reader.hasRoom()) {
      reading = true;
      updateInterest();
    }
  }

  @Override
  int interest() {
    return (reading ? SelectionKey.OP_READ : 0)
        | (writer != null && writer.hasPending() ? SelectionKey.OP_WRITE : 0);
  }

  // --- writing -----------------------------------------------------------------------------------

  @Override
  int tryWrite(byte[] b, int off, int len) {
    ByteBuffer out = io.writeBuffer;
    int done = 0;
    try {
      while (done < len) {
        int chunk = Math.min(len - done, out.capacity());
        out.clear();
        out.put(b, off + done, chunk).flip();
        int n = channel.write(out);
        done += n;
        if (n < chunk) {
          break; // the kernel is full: the rest is buffered until the socket is writable
        }
      }
    } catch (IOException e) {
      throw writeFailed(e);
    }
    return done;
  }

  @Override
  int tryWrite(ByteBuffer src) {
    if (src.hasArray()) {
      int n = tryWrite(src.array(), src.arrayOffset() + src.position(), src.remaining());
      src.position(src.position() + n);
      return n;
    }
    try {
      return channel.write(src); // a direct buffer goes to the OS as it is
    } catch (IOException e) {
      throw writeFailed(e);
    }
  }

  private RuntimeException writeFailed(IOException e) {
    RuntimeException mapped = Blocking.map("write", e);
    connectionLost(mapped);
    return lost != null ? lost : mapped;
  }

  @Override
  void flushRequested() {
    if (closed) {
      return;
    }
    if (writer.hasPending()) {
      updateInterest(); // flushed when the socket is writable
    } else {
      afterFlushed();
    }
  }

  /** The socket is writable: hand it pending bytes until it is full or nothing is left. */
  private void flush() {
    ByteBuffer out = io.writeBuffer;
    try {
      while (writer.hasPending()) {
        out.clear();
        writer.copyPending(out);
        out.flip();
        int want = out.remaining();
        int n = channel.write(out);
        writer.consumed(n);
        if (n < want) {
          return; // still full: wait for the next writable event
        }
      }
    } catch (IOException e) {
      writeFailed(e);
      return;
    }
    updateInterest();
    afterFlushed();
  }

  /** Nothing is pending: carry out a requested end-of-stream or close. */
  private void afterFlushed() {
    if (writer.eofPending()) {
      try {
        channel.shutdownOutput();
      } catch (IOException e) {
        writeFailed(e);
        return;
      }
      eofSent();
    } else if (writer.isClosing0()) {
      closing = true;
      closeNow();
    }
  }
}
