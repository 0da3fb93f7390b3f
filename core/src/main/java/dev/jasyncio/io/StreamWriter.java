package dev.jasyncio.io;

import dev.jasyncio.internal.WaitList;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Optional;
import javax.net.ssl.SSLSession;

/**
 * The writing side of a stream: asyncio's {@code StreamWriter}. {@link #write} never waits: on a
 * socket it hands the bytes straight to the OS while the kernel takes them and buffers only the
 * rest, which the loop sends when the socket is writable. {@link #drain()} suspends the caller
 * while more than the high-water mark is buffered, until the buffer is down to the low-water mark:
 * call it after writing, and a slow reader on the other end slows the writer down instead of
 * filling memory.
 *
 * <pre>{@code
 * writer.write("hello\n".getBytes(UTF_8));
 * writer.drain();
 * writer.close();
 * writer.waitClosed();
 * }</pre>
 *
 * <p>Call the methods from tasks of the loop the writer belongs to: from anywhere else they throw
 * before they change anything (a retried write never sends its bytes twice).
 */
public final class StreamWriter {
  /** The default high-water mark, 64 KiB (asyncio's). */
  public static final int DEFAULT_HIGH_WATER = 64 * 1024;
  private static final int MAX_BATCH = 64;

  private final Transport transport;
  /** Small until it is needed: most connections never queue more than a write or two. */
  private final ArrayDeque<ByteBuffer> pending = new ArrayDeque<>(1);
  /** The write pump's gathering batch; sockets never need one. */
  private ByteBuffer[] batch;
  private long buffered;
  private long high;
  private long low;
  private boolean closing;
  private boolean eofRequested;
  private boolean eofSent;
  private final WaitList drainWaiters = IoLoop.ioWaiters();

  StreamWriter(Transport transport, StreamOptions options) {
    this.transport = transport;
    this.high = options.highWater();
    this.low = options.lowWater();
  }

  // --- writing -----------------------------------------------------------------------------------

  /**
   * Buffers {@code data} for sending and returns at once; asyncio's {@code write}.
   *
   * @param data the bytes, copied
   * @throws StreamClosedException after {@link #close()} or {@link #writeEof()}
   * @throws ConnectionException if the connection was lost
   */
  public void write(byte[] data) {
    write(data, 0, data.length);
  }

  /**
   * Buffers a slice of {@code data}.
   *
   * @param data the bytes
   * @param offset where the slice starts
   * @param length its length
   */
  public void write(byte[] data, int offset, int length) {
    check("StreamWriter.write");
    java.util.Objects.checkFromIndexSize(offset, length, data.length);
    checkWritable();
    if (length == 0) {
      return;
    }
    if (pending.isEmpty()) {
      int n = transport.tryWrite(data, offset, length);
      if (n == length) {
        return;
      }
      offset += n;
      length -= n;
    }
    byte[] copy = java.util.Arrays.copyOfRange(data, offset, offset + length);
    enqueue(ByteBuffer.wrap(copy));
  }

  /**
   * Buffers the remaining bytes of {@code data}, consuming them.
   *
   * @param data the bytes, copied
   */
  public void write(ByteBuffer data) {
    check("StreamWriter.write");
    checkWritable();
    if (!data.hasRemaining()) {
      return;
    }
    if (pending.isEmpty() && transport.tryWrite(data) > 0 && !data.hasRemaining()) {
      return;
    }
    ByteBuffer copy = ByteBuffer.allocate(data.remaining());
    copy.put(data).flip();
    enqueue(copy);
  }

  /**
   * Buffers {@code text} as UTF-8.
   *
   * @param text the text
   */
  public void write(String text) {
    check("StreamWriter.write");
    write(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Buffers several chunks in order; asyncio's {@code writelines}.
   *
   * @param chunks the chunks
   */
  public void writelines(Iterable<byte[]> chunks) {
    check("StreamWriter.writelines");
    for (byte[] c : chunks) {
      write(c);
    }
  }

  /** Throws, changing nothing, unless the caller is on this writer's loop. */
  private void check(String what) {
    IoLoop.check(transport.loop, what);
  }

  private void checkWritable() {
    if (transport.lost != null) {
      throw transport.lost;
    }
    if (closing || transport.closing) {
      throw new StreamClosedException("write to a closed writer (" + transport + ")");
    }
    if (eofRequested) {
      throw new StreamClosedException("write after writeEof (" + transport + ")");
    }
  }

  private void enqueue(ByteBuffer b) {
    pending.add(b);
    buffered += b.remaining();
    transport.flushRequested();
  }

  /**
   * Waits until the buffer is below the low-water mark if it is above the high-water mark;
   * asyncio's {@code drain}. Returns at once when there is room.
   *
   * @throws ConnectionException if the connection was lost
   * @throws dev.jasyncio.CancelledException if the calling task is cancelled while waiting; the
   *     buffered bytes are still sent
   */
  public void drain() {
    check("StreamWriter.drain");
    if (transport.lost != null) {
      throw transport.lost;
    }
    while (buffered > high && !transport.closed) {
      drainWaiters.await();
    }
    if (transport.lost != null) {
      throw transport.lost;
    }
  }

  /**
   * Sends end-of-stream after the buffered bytes (a TCP half-close); the reading side stays open;
   * asyncio's {@code write_eof}.
   *
   * @throws UnsupportedOperationException if the transport cannot half-close (TLS before 1.3)
   */
  public void writeEof() {
    check("StreamWriter.writeEof");
    if (closing || eofRequested || transport.closed) {
      return;
    }
    eofRequested = true;
    transport.flushRequested();
  }

  /**
   * Whether {@link #writeEof()} is supported here.
   *
   * @return true for TCP, Unix sockets and pipes
   */
  public boolean canWriteEof() {
    return transport.canWriteEof();
  }

  /**
   * Sets the write-buffer limits {@link #drain()} uses; asyncio's
   * {@code transport.set_write_buffer_limits}.
   *
   * @param high the high-water mark, bytes
   * @param low the low-water mark, at most {@code high}
   */
  public void setWriteBufferLimits(long high, long low) {
    check("StreamWriter.setWriteBufferLimits");
    if (low < 0 || high < low) {
      throw new IllegalArgumentException("need 0 <= low <= high, not high=" + high + " low=" + low);
    }
    this.high = high;
    this.low = low;
    if (buffered <= low) {
      drainWaiters.wakeAll();
    }
  }

  /**
   * How many bytes are buffered and not yet handed to the operating system.
   *
   * @return the count
   */
  public long bufferSize() {
    check("StreamWriter.bufferSize");
    return buffered;
  }

  // --- closing -----------------------------------------------------------------------------------

  /**
   * Closes the stream after the buffered bytes are sent; returns at once; asyncio's
   * {@code close}. Use {@link #waitClosed()} to wait. Idempotent.
   */
  public void close() {
    check("StreamWriter.close");
    if (closing || transport.closed) {
      return;
    }
    closing = true;
    transport.flushRequested();
  }

  /** Closes at once, dropping buffered bytes; asyncio's {@code transport.abort}. */
  public void abort() {
    check("StreamWriter.abort");
    closing = true;
    transport.closing = true;
    transport.closeNow();
  }

  /**
   * Whether {@link #close()} was called or the connection is gone; asyncio's {@code is_closing}.
   *
   * @return true if closing or closed
   */
  public boolean isClosing() {
    check("StreamWriter.isClosing");
    return closing || transport.closing || transport.closed;
  }

  /**
   * Waits until the connection is closed; asyncio's {@code wait_closed}. Returns normally also
   * when the connection was lost by an error (the error is thrown by reads, writes and drain).
   */
  public void waitClosed() {
    check("StreamWriter.waitClosed");
    transport.waitClosed();
  }

  // --- information -------------------------------------------------------------------------------

  /**
   * The peer's address; asyncio's {@code get_extra_info('peername')}.
   *
   * @return the address, or {@code null} for pipes and files
   */
  public SocketAddress peerAddress() {
    return transport.remoteAddress();
  }

  /**
   * This side's address; asyncio's {@code get_extra_info('sockname')}.
   *
   * @return the address, or {@code null} for pipes and files
   */
  public SocketAddress localAddress() {
    return transport.localAddress();
  }

  /**
   * The TLS session, when the stream is TLS; asyncio's {@code get_extra_info('ssl_object')}.
   *
   * @return the session
   */
  public Optional<SSLSession> sslSession() {
    return Optional.ofNullable(transport.sslSession());
  }

  // --- for the transport -------------------------------------------------------------------------

  boolean hasPending() {
    return !pending.isEmpty();
  }

  /** Copies pending bytes, oldest first, into {@code out} as far as it has room; consumes none. */
  void copyPending(ByteBuffer out) {
    for (ByteBuffer b : pending) {
      int n = Math.min(out.remaining(), b.remaining());
      out.put(out.position(), b, b.position(), n);
      out.position(out.position() + n);
      if (!out.hasRemaining()) {
        return;
      }
    }
  }

  /** The transport sent {@code n} pending bytes. */
  void consumed(int n) {
    buffered -= n;
    while (n > 0) {
      ByteBuffer b = pending.peek();
      int k = Math.min(n, b.remaining());
      b.position(b.position() + k);
      n -= k;
      if (!b.hasRemaining()) {
        pending.poll();
      }
    }
    if (buffered <= low) {
      drainWaiters.wakeAll();
    }
  }

  boolean hasWork() {
    return !pending.isEmpty() || eofPending() || closing;
  }

  boolean eofPending() {
    return eofRequested && !eofSent && pending.isEmpty();
  }

  boolean isClosing0() {
    return closing;
  }

  boolean eofWasSent() {
    return eofSent;
  }

  /** Moves up to {@link #MAX_BATCH} pending buffers into the batch; returns how many. */
  int batch() {
    if (batch == null) {
      batch = new ByteBuffer[MAX_BATCH];
    }
    int n = 0;
    for (ByteBuffer b : pending) {
      if (n == MAX_BATCH) {
        break;
      }
      batch[n++] = b;
    }
    return n;
  }

  ByteBuffer[] batchBuffers() {
    return batch;
  }

  /** The first {@code n} pending buffers were written in full. */
  void written(int n) {
    for (int i = 0; i < n; i++) {
      ByteBuffer b = pending.poll();
      buffered -= b.limit();
      batch[i] = null;
    }
    if (buffered <= low) {
      drainWaiters.wakeAll();
    }
  }

  void eofSent() {
    eofSent = true;
  }

  void onClosed() {
    drainWaiters.wakeAll();
  }

  @Override
  public String toString() {
    return "StreamWriter[" + transport + ", " + buffered + " bytes buffered"
        + (closing || transport.closing || transport.closed ? ", closing" : "") + "]";
  }
}
