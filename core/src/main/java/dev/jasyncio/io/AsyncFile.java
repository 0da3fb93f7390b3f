package dev.jasyncio.io;

import dev.jasyncio.AsyncStream;
import dev.jasyncio.CancelledException;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An open regular file, read and written off the loop: what {@code aiofiles.open} gives asyncio. Every
 * call, opening and closing included, runs on the blocking pool (as {@link AsyncFiles}' calls do)
 * while the calling task is suspended, so other tasks keep running. The handle holds no buffer of
 * its own beyond what one call asks for, so files of any size are read and written in bounded
 * memory: {@link #read(int)} returns at most {@code n} bytes, {@link #lines()} holds one chunk and
 * one line.
 *
 * <pre>{@code
 * try (AsyncFile out = AsyncFile.open(Path.of("download.bin"), CREATE, WRITE, TRUNCATE_EXISTING)) {
 *   byte[] chunk;
 *   while ((chunk = body.read(65536)).length > 0) {
 *     out.write(chunk);                      // chunked writes while streaming a download
 *   }
 * }
 * try (AsyncFile log = AsyncFile.open(Path.of("big.log"));
 *      AsyncStream<String> lines = log.lines()) {
 *   for (String line : lines) {
 *     if (line.contains("ERROR")) break;     // leaving the try closes the stream and the file
 *   }
 * }
 * }</pre>
 *
 * <p>Errors are the JDK's, as {@link FileChannel} throws them: a missing file is a
 * {@link java.nio.file.NoSuchFileException}, a call after {@link #close()} a
 * {@link ClosedChannelException}. Cancelling a task while its call is in flight interrupts the
 * call and closes the file: the position after a cancelled read or write is unknown, so the
 * handle is closed rather than left looking usable, and later calls throw
 * {@link ClosedChannelException}. A handle is used by one task at a time, as asyncio's is.
 */
public final class AsyncFile implements Closeable {
  /** Bytes {@link #lines()} reads per call. */
  static final int CHUNK = 64 * 1024;
  /** The longest line {@link #lines()} returns, as {@link AsyncFiles#forEachLine}'s limit. */
  static final int MAX_LINE = 1 << 20;
  private static final byte[] EMPTY = new byte[0];

  private final Path path;
  private final FileChannel channel;

  private AsyncFile(Path path, FileChannel channel) {
    this.path = path;
    this.channel = channel;
  }

  /**
   * Opens a file, as {@link FileChannel#open(Path, OpenOption...)} does, off the loop; with no
   * options, for reading. Call from a task.
   *
   * @param path the file
   * @param options how to open it: {@link StandardOpenOption#READ}, {@code WRITE}, {@code APPEND},
   *     {@code CREATE}, {@code TRUNCATE_EXISTING} and the rest
   * @return the open file; close it (try-with-resources)
   * @throws java.nio.file.NoSuchFileException if the file does not exist and is not to be created
   * @throws FileSystemException if the path is not a regular file (a pipe, a device, a directory)
   * @throws IOException if it cannot be opened otherwise
   */
  public static AsyncFile open(Path path, OpenOption... options) throws IOException {
    Objects.requireNonNull(path, "path");
    OpenOption[] opts = options.length == 0 ? new OpenOption[] {StandardOpenOption.READ} : options.clone();
    // If the caller is cancelled while the open is in flight, its result is dropped: whichever
    // side comes second closes the channel, so it is never leaked.
    AtomicReference<Object> handOver = new AtomicReference<>();
    try {
      return Blocking.file(() -> {
        // A pipe's or a device's read can block for good, and the JDK cannot stop a virtual
        // thread blocked in one (closing the channel waits for the read): refuse them up front.
        if (Files.exists(path) && !Files.isRegularFile(path)) {
          throw new FileSystemException(path.toString(), null,
              "not a regular file; AsyncFile reads and writes files (pipes: Subprocess or Streams)");
        }
        FileChannel opened = FileChannel.open(path, opts);
        if (!handOver.compareAndSet(null, opened)) {
          opened.close();
        }
        return new AsyncFile(path, opened);
      });
    } catch (RuntimeException | Error e) {
      if (handOver.getAndSet(e) instanceof FileChannel opened) {
        opened.close();
      }
      throw e;
    }
  }

  /**
   * The path this file was opened at.
   *
   * @return the path
   */
  public Path path() {
    return path;
  }

  /**
   * Reads up to {@code n} bytes from the current position, fewer only at the end of the file.
   *
   * @param n the most bytes to return
   * @return the bytes; empty at the end of the file (or for {@code n == 0})
   * @throws IllegalArgumentException if {@code n} is negative
   * @throws ClosedChannelException if the file is closed
   * @throws IOException if reading fails
   */
  public byte[] read(int n) throws IOException {
    if (n < 0) {
      throw new IllegalArgumentException("read: n must not be negative, not " + n);
    }
    requireOpen();
    if (n == 0) {
      return EMPTY;
    }
    return call(() -> {
      // no larger buffer than what is left of a regular file, however large n is
      long left = channel.size() - channel.position();
      ByteBuffer buf = ByteBuffer.allocate(left > 0 ? (int) Math.min(n, left) : Math.min(n, CHUNK));
      while (buf.hasRemaining() && channel.read(buf) > 0) {
        // a file that grows while it is read gives what it had when this call began, or more
      }
      return buf.position() == buf.capacity() ? buf.array() : Arrays.copyOf(buf.array(), buf.position());
    });
  }

  /**
   * Writes all of {@code data} at the current position (at the end, if opened with
   * {@link StandardOpenOption#APPEND}).
   *
   * @param data the bytes
   * @throws ClosedChannelException if the file is closed
   * @throws java.nio.channels.NonWritableChannelException if it was not opened for writing
   * @throws IOException if writing fails
   */
  public void write(byte[] data) throws IOException {
    write(data, 0, data.length);
  }

  /**
   * Writes {@code length} bytes of {@code data} from {@code offset}.
   *
   * @param data the bytes
   * @param offset where in {@code data} to start
   * @param length how many
   * @throws IndexOutOfBoundsException if the range is not inside {@code data}
   * @throws ClosedChannelException if the file is closed
   * @throws IOException if writing fails
   */
  public void write(byte[] data, int offset, int length) throws IOException {
    Objects.checkFromIndexSize(offset, length, data.length);
    requireOpen();
    ByteBuffer buf = ByteBuffer.wrap(data, offset, length);
    call(() -> {
      while (buf.hasRemaining()) {
        channel.write(buf);
      }
      return null;
    });
  }

  /**
   * Writes {@code text} as UTF-8.
   *
   * @param text the text
   * @throws ClosedChannelException if the file is closed
   * @throws IOException if writing fails
   */
  public void write(String text) throws IOException {
    write(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Moves the position to {@code position} bytes from the start; beyond the end is allowed (a
   * later write fills the gap with zeros), as {@link FileChannel#position(long)}.
   *
   * @param position the new position
   * @return the new position
   * @throws IllegalArgumentException if {@code position} is negative
   * @throws ClosedChannelException if the file is closed
   * @throws IOException if seeking fails
   */
  public long seek(long position) throws IOException {
    if (position < 0) {
      throw new IllegalArgumentException("seek: position must not be negative, not " + position);
    }
    requireOpen();
    return call(() -> channel.position(position).position());
  }

  /**
   * The current position: bytes from the start of the file.
   *
   * @return the position
   * @throws ClosedChannelException if the file is closed
   * @throws IOException if it cannot be read
   */
  public long position() throws IOException {
    requireOpen();
    return call(channel::position);
  }

  /**
   * The file's current size.
   *
   * @return bytes
   * @throws ClosedChannelException if the file is closed
   * @throws IOException if it cannot be read
   */
  public long size() throws IOException {
    requireOpen();
    return call(channel::size);
  }

  /**
   * The lines from the current position to the end, decoded as UTF-8, without their terminators
   * ({@code \n} or {@code \r\n}); reading one chunk at a time as the consumer pulls, so memory
   * stays bounded by one chunk and the longest line whatever the file's size. Reading advances
   * the file's position. Closing the stream leaves the file open.
   *
   * @return the lines; a failure to read reaches the consumer as an
   *     {@link UncheckedIOException} wrapping the JDK's exception, a line longer than 1 MiB as a
   *     {@link LimitOverrunException}
   * @throws ClosedChannelException if the file is closed
   */
  public AsyncStream<String> lines() throws ClosedChannelException {
    requireOpen();
    return AsyncStream.generate(out -> {
      ByteBuffer chunk = ByteBuffer.allocate(CHUNK);
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      while (true) {
        int k;
        try {
          k = call(() -> channel.read(chunk.clear()));
        } catch (IOException e) {
          throw new UncheckedIOException(path + ": " + e.getMessage(), e);
        }
        if (k < 0) {
          break;
        }
        byte[] a = chunk.array();
        int start = 0;
        for (int i = 0; i < k; i++) {
          if (a[i] == '\n') {
            line.write(a, start, i - start);
            checkLength(line);
            out.emit(decodeLine(line));
            line.reset();
            start = i + 1;
          }
        }
        line.write(a, start, k - start);
        checkLength(line);
      }
      if (line.size() > 0) {
        out.emit(decodeLine(line));
      }
    });
  }

  private void checkLength(ByteArrayOutputStream line) {
    if (line.size() > MAX_LINE) {
      throw new LimitOverrunException(path + ": a line is longer than " + MAX_LINE + " bytes",
          line.size());
    }
  }

  private static String decodeLine(ByteArrayOutputStream line) {
    byte[] b = line.toByteArray();
    int end = b.length > 0 && b[b.length - 1] == '\r' ? b.length - 1 : b.length;
    return new String(b, 0, end, StandardCharsets.UTF_8);
  }

  /**
   * Whether the file is open: false after {@link #close()}, or after a cancelled call closed it.
   *
   * @return true while calls can be made
   */
  public boolean isOpen() {
    return channel.isOpen();
  }

  /**
   * Closes the file, off the loop. Closing twice does nothing.
   *
   * @throws IOException if closing fails
   */
  @Override
  public void close() throws IOException {
    if (channel.isOpen()) {
      call(() -> {
        channel.close();
        return null;
      });
    }
  }

  /**
   * One call on the blocking pool. A cancelled caller closes the file, whether or not the JDK's
   * interrupt reached the call: the position after a cancelled read or write is unknown, so the
   * handle is not left looking usable.
   */
  private <T> T call(Blocking.IoCall<T> io) throws IOException {
    try {
      return Blocking.file(io);
    } catch (CancelledException e) {
      channel.close(); // a close(2), and it ends a call still blocked in the pool
      throw e;
    }
  }

  private void requireOpen() throws ClosedChannelException {
    if (!channel.isOpen()) {
      throw new ClosedChannelException();
    }
  }

  @Override
  public String toString() {
    return "AsyncFile[" + path + (channel.isOpen() ? "" : ", closed") + "]";
  }
}
