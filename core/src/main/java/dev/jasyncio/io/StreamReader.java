package dev.jasyncio.io;

import dev.jasyncio.Loop;
import dev.jasyncio.internal.WaitList;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The reading side of a stream: asyncio's {@code StreamReader}. Bytes arrive in a buffer (fed by
 * the connection, a pipe or a file, or by {@link #feedData} in tests); the read methods take them
 * out, suspending the calling task while there are not enough. Reading pauses when more than
 * twice the {@linkplain #limit() limit} is buffered, so a slow consumer bounds the memory a fast
 * producer can fill.
 *
 * <pre>{@code
 * Connection c = Streams.openConnection("127.0.0.1", 8888);
 * byte[] header = c.reader().readuntil("\r\n\r\n".getBytes());
 * byte[] body = c.reader().readexactly(length);
 * }</pre>
 *
 * <p>Only one task may wait for data on a reader at a time (as in asyncio). Cancelling a read
 * loses nothing: bytes not returned stay in the buffer. Call the methods from tasks of the loop
 * the reader belongs to (the loop it was made on, or first used on): from anywhere else they
 * throw before they change anything.
 */
public final class StreamReader {
  /** The default buffer limit, 64 KiB (asyncio's {@code _DEFAULT_LIMIT}). */
  public static final int DEFAULT_LIMIT = 64 * 1024;
  private static final byte[] EMPTY = new byte[0];
  private static final byte[] NEWLINE = {'\n'};

  private final int limit;
  private byte[] buf = EMPTY;
  private int head;
  private int tail;
  private boolean eof;
  private RuntimeException exception;
  private boolean waiting;
  /** A waiting read needs more than is buffered; cleared by the next feed, not by the wake-up. */
  private boolean starved;
  private final WaitList dataWaiter = IoLoop.ioWaiters();
  private Loop loop = IoLoop.currentLoopOrNull();
  /** What feeds this reader, told when there is room again; null when fed by hand. */
  private Transport transport;

  /** A reader with the default limit, fed by {@link #feedData}. */
  public StreamReader() {
    this(DEFAULT_LIMIT);
  }

  /**
   * A reader with the given buffer limit, fed by {@link #feedData}.
   *
   * @param limit the longest line or chunk {@link #readuntil} accepts, positive
   * @throws IllegalArgumentException if {@code limit <= 0}
   */
  public StreamReader(int limit) {
    if (limit <= 0) {
      throw new IllegalArgumentException("limit must be positive, not " + limit);
    }
    this.limit = limit;
  }

  /**
   * The buffer limit.
   *
   * @return the limit in bytes
   */
  public int limit() {
    return limit;
  }

  /**
   * How many bytes are buffered and not yet read.
   *
   * @return the count
   */
  public int buffered() {
    check("StreamReader.buffered");
    return tail - head;
  }

  /** Called by the transport that feeds this reader as it starts. */
  void attach(Transport t) {
    transport = t;
    loop = t.loop;
  }

  /** Throws, changing nothing, unless the caller is on this reader's loop. */
  private void check(String what) {
    Loop l = loop;
    if (l == null) {
      l = IoLoop.currentLoopOrNull();
      if (l == null) {
        return; // never used on a loop: nothing to protect yet
      }
      loop = l;
    }
    IoLoop.check(l, what);
  }

  // --- feeding -----------------------------------------------------------------------------------

  /**
   * Appends bytes to the buffer, waking a waiting reader; asyncio's {@code feed_data}.
   *
   * @param data the bytes, copied
   * @throws IllegalStateException after {@link #feedEof()}
   */
  public void feedData(byte[] data) {
    check("StreamReader.feedData");
    feed(ByteBuffer.wrap(data));
  }

  void feed(ByteBuffer data) {
    if (eof) {
      throw new IllegalStateException("feedData after feedEof");
    }
    int n = data.remaining();
    if (n == 0) {
      return;
    }
    if (tail + n > buf.length) {
      int size = tail - head;
      if (size + n <= buf.length && head > 0) {
        System.arraycopy(buf, head, buf, 0, size);
      } else {
        // exact for a small message, doubling for a stream: 10,000 idle connections stay small
        byte[] bigger = new byte[Math.max(size + n, size * 2)];
        System.arraycopy(buf, head, bigger, 0, size);
        buf = bigger;
      }
      head = 0;
      tail = size;
    }
    data.get(buf, tail, n);
    tail += n;
    starved = false; // the waiter has its bytes: a producer must not keep feeding until it runs
    dataWaiter.wakeAll();
  }

  /** Marks the end of the stream; asyncio's {@code feed_eof}. Idempotent. */
  public void feedEof() {
    check("StreamReader.feedEof");
    eof = true;
    dataWaiter.wakeAll();
  }

  /**
   * Makes reads that need more data throw {@code e} (bytes already buffered are still returned
   * first); asyncio's {@code set_exception}.
   *
   * @param e the error
   */
  public void setException(RuntimeException e) {
    check("StreamReader.setException");
    exception = e;
    dataWaiter.wakeAll();
  }

  /**
   * The error reads will throw once the buffer is empty, if any.
   *
   * @return the error, or {@code null}
   */
  public RuntimeException exception() {
    check("StreamReader.exception");
    return exception;
  }

  /**
   * Whether the stream ended and every byte was read; asyncio's {@code at_eof}.
   *
   * @return true at the end
   */
  public boolean atEof() {
    check("StreamReader.atEof");
    return eof && head == tail;
  }

  boolean atEofReceived() {
    return eof;
  }

  // --- reading -----------------------------------------------------------------------------------

  /**
   * Reads up to {@code n} bytes: whatever is buffered (at most {@code n}), waiting only if nothing
   * is; asyncio's {@code read(n)}. With {@code n < 0}, reads to the end of the stream.
   *
   * @param n the most bytes to return; negative for all
   * @return the bytes; empty only at the end of the stream (or for {@code n == 0})
   * @throws ConnectionException if the connection was lost with an error and nothing is buffered
   */
  public byte[] read(int n) {
    check("StreamReader.read");
    if (n < 0) {
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      while (true) {
        byte[] chunk = read(limit);
        if (chunk.length == 0) {
          return all.toByteArray();
        }
        all.writeBytes(chunk);
      }
    }
    if (n == 0) {
      return EMPTY;
    }
    while (head == tail) {
      if (!awaitMore("read")) {
        return EMPTY;
      }
    }
    return take(Math.min(n, tail - head));
  }

  /**
   * Reads up to {@code n} bytes into {@code dst}, as {@link #read(int)} does, without allocating.
   *
   * @param dst where to put them
   * @return how many were read; -1 at the end of the stream
   */
  public int readInto(ByteBuffer dst) {
    check("StreamReader.readInto");
    if (!dst.hasRemaining()) {
      return 0;
    }
    while (head == tail) {
      if (!awaitMore("read")) {
        return -1;
      }
    }
    int n = Math.min(dst.remaining(), tail - head);
    dst.put(buf, head, n);
    consumed(n);
    return n;
  }

  /**
   * Reads one line, up to and including {@code \n}; asyncio's {@code readline}. At the end of the
   * stream returns what is left (possibly without {@code \n}, empty when nothing is).
   *
   * @return the line's bytes
   * @throws LimitOverrunException if the line is longer than the limit; the line (or, if its end
   *     is not buffered yet, the whole buffer) is discarded
   */
  public byte[] readline() {
    check("StreamReader.readline");
    try {
      return readuntil(NEWLINE);
    } catch (IncompleteReadException e) {
      return e.partial();
    } catch (LimitOverrunException e) {
      int at = e.consumed();
      if (at < tail - head && buf[head + at] == '\n') {
        consumed(at + 1);
      } else {
        consumed(tail - head);
      }
      throw e;
    }
  }

  /**
   * Reads one line as UTF-8 text, without its line terminator ({@code \n} or {@code \r\n}).
   *
   * @return the line, or {@code null} at the end of the stream
   */
  public String readlineString() {
    byte[] line = readline();
    if (line.length == 0) {
      return null;
    }
    int end = line.length;
    if (line[end - 1] == '\n') {
      end--;
      if (end > 0 && line[end - 1] == '\r') {
        end--;
      }
    }
    return new String(line, 0, end, StandardCharsets.UTF_8);
  }

  /**
   * Reads exactly {@code n} bytes; asyncio's {@code readexactly}.
   *
   * @param n how many, not negative
   * @return the bytes
   * @throws IncompleteReadException if the stream ends first; it carries the bytes that came
   * @throws IllegalArgumentException if {@code n < 0}
   */
  public byte[] readexactly(int n) {
    check("StreamReader.readexactly");
    if (n < 0) {
      throw new IllegalArgumentException("readexactly size can not be less than zero: " + n);
    }
    while (tail - head < n) {
      if (!awaitMore("readexactly")) {
        throw new IncompleteReadException(take(tail - head), n);
      }
    }
    return take(n);
  }

  /**
   * Reads up to and including {@code separator}; asyncio's {@code readuntil}.
   *
   * @param separator what ends the chunk, not empty
   * @return the chunk with the separator
   * @throws LimitOverrunException if the chunk would be longer than the limit; the data stays
   *     buffered
   * @throws IncompleteReadException if the stream ends first; the buffer is consumed and carried
   * @throws IllegalArgumentException if the separator is empty
   */
  public byte[] readuntil(byte[] separator) {
    check("StreamReader.readuntil");
    int seplen = separator.length;
    if (seplen == 0) {
      throw new IllegalArgumentException("separator should be at least one-byte string");
    }
    int offset = 0;
    int found;
    while (true) {
      int size = tail - head;
      if (size - offset >= seplen) {
        found = indexOf(separator, offset);
        if (found >= 0) {
          break;
        }
        offset = size + 1 - seplen;
        if (offset > limit) {
          throw new LimitOverrunException(
              "separator is not found, and chunk exceed the limit " + limit, offset);
        }
      }
      if (!awaitMore("readuntil")) {
        throw new IncompleteReadException(take(size), -1);
      }
    }
    if (found > limit) {
      throw new LimitOverrunException(
          "separator is found, but chunk is longer than limit " + limit, found);
    }
    return take(found + seplen);
  }

  private int indexOf(byte[] sep, int from) {
    byte first = sep[0];
    int last = tail - sep.length;
    outer:
    for (int i = head + from; i <= last; i++) {
      if (buf[i] != first) {
        continue;
      }
      for (int j = 1; j < sep.length; j++) {
        if (buf[i + j] != sep[j]) {
          continue outer;
        }
      }
      return i - head;
    }
    return -1;
  }

  private byte[] take(int n) {
    byte[] out = Arrays.copyOfRange(buf, head, head + n);
    consumed(n);
    return out;
  }

  private void consumed(int n) {
    head += n;
    if (head == tail) {
      head = tail = 0;
      if (buf.length > 4 * limit) {
        buf = EMPTY; // a burst is over: give the memory back
      }
    }
    if (transport != null && tail - head <= limit) {
      transport.resumeReading();
    }
  }

  /**
   * Waits for more bytes; false if none can come (end of stream). Throws the connection's error if
   * it was lost. Resumes a paused producer, since this reader needs more than is buffered.
   */
  private boolean awaitMore(String what) {
    if (exception != null) {
      throw exception;
    }
    if (eof) {
      return false;
    }
    if (waiting) {
      throw new IllegalStateException(what + "() called while another task is already waiting"
          + " for incoming data on this reader");
    }
    waiting = true;
    starved = true;
    try {
      if (transport != null) {
        transport.resumeReading(); // this read needs more than is buffered
        int had = tail - head;
        transport.readNow();
        if (tail - head > had || eof || exception != null) {
          return true; // fed without waiting
        }
      }
      dataWaiter.await();
    } finally {
      waiting = false;
      starved = false;
    }
    return true;
  }

  /** For the producer: pause, the buffer holds over twice the limit and nobody needs more. */
  boolean isFull() {
    return tail - head > 2L * limit && !starved;
  }

  /** For a paused producer: resume, the buffer is down to the limit or a read needs more. */
  boolean hasRoom() {
    return tail - head <= limit || starved;
  }

  @Override
  public String toString() {
    return "StreamReader[" + (tail - head) + " bytes buffered" + (eof ? ", eof" : "")
        + (exception != null ? ", " + exception : "") + "]";
  }
}
