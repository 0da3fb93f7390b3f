package dev.jasyncio.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.CopyOption;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;

/**
 * Files read and written off the loop: what aiofiles gives asyncio. File I/O cannot park a
 * virtual thread (on the carrier backend it would pin the loop's thread and stall every task), so
 * each call runs on the blocking pool while the calling task is suspended; other tasks keep
 * running however large the file. Cancelling the caller interrupts the call where the JDK allows.
 * Errors are the JDK's, as {@link Files} throws them: a missing file is a
 * {@link java.nio.file.NoSuchFileException}.
 *
 * <pre>{@code
 * String config = AsyncFiles.readString(Path.of("app.conf"));
 * AsyncFiles.forEachLine(Path.of("big.log"), line -> count++);
 * }</pre>
 */
public final class AsyncFiles {
  private AsyncFiles() {}

  /** What {@link #forEachLine} calls per line; may suspend (it runs in the calling task). */
  @FunctionalInterface
  public interface LineConsumer {
    /**
     * Takes one line.
     *
     * @param line the line without its terminator
     * @throws Exception anything; it ends the iteration and propagates
     */
    void accept(String line) throws Exception;
  }

  /**
   * Reads a whole file.
   *
   * @param path the file
   * @return its bytes
   * @throws java.nio.file.NoSuchFileException if there is no such file
   * @throws IOException if reading fails
   */
  public static byte[] readAllBytes(Path path) throws IOException {
    return Blocking.file(() -> Files.readAllBytes(path));
  }

  /**
   * Reads a whole file as UTF-8 text.
   *
   * @param path the file
   * @return its text
   * @throws IOException as {@link Files#readString(Path)}
   */
  public static String readString(Path path) throws IOException {
    return Blocking.file(() -> Files.readString(path, StandardCharsets.UTF_8));
  }

  /**
   * Writes bytes to a file (created or truncated unless options say otherwise).
   *
   * @param path the file
   * @param data the bytes
   * @param options how to open it, as {@link Files#write}
   * @throws IOException as {@link Files#write}
   */
  public static void write(Path path, byte[] data, OpenOption... options) throws IOException {
    Blocking.file(() -> Files.write(path, data, options));
  }

  /**
   * Writes UTF-8 text to a file.
   *
   * @param path the file
   * @param text the text
   * @param options how to open it, as {@link Files#writeString}
   * @throws IOException as {@link Files#writeString}
   */
  public static void writeString(Path path, String text, OpenOption... options) throws IOException {
    Blocking.file(() -> Files.writeString(path, text, StandardCharsets.UTF_8, options));
  }

  /**
   * Copies a file.
   *
   * @param from the source
   * @param to the target
   * @param options as {@link Files#copy(Path, Path, CopyOption...)}
   * @throws IOException as {@link Files#copy(Path, Path, CopyOption...)}
   */
  public static void copy(Path from, Path to, CopyOption... options) throws IOException {
    Blocking.file(() -> Files.copy(from, to, options));
  }

  /** The longest line {@link #forEachLine(Path, LineConsumer)} accepts: 1 MiB. */
  public static final int DEFAULT_LINE_LIMIT = 1 << 20;

  /**
   * Calls {@code consumer} with each line of a UTF-8 text file, reading in chunks off the loop.
   * A line may be at most {@link #DEFAULT_LINE_LIMIT} bytes long; see
   * {@link #forEachLine(Path, int, LineConsumer)} for longer ones.
   *
   * @param path the file
   * @param consumer what to do per line
   * @throws java.nio.file.NoSuchFileException if there is no such file
   * @throws IOException if it cannot be opened
   * @throws LimitOverrunException if a line is longer than the limit
   */
  public static void forEachLine(Path path, LineConsumer consumer) throws IOException {
    forEachLine(path, DEFAULT_LINE_LIMIT, consumer);
  }

  /**
   * Calls {@code consumer} with each line of a UTF-8 text file, lines of at most
   * {@code lineLimit} bytes (the most that is buffered at once).
   *
   * <pre>{@code
   * AsyncFiles.forEachLine(Path.of("dump.jsonl"), 64 << 20, line -> parse(line));
   * }</pre>
   *
   * @param path the file
   * @param lineLimit the longest line accepted, in bytes, positive
   * @param consumer what to do per line
   * @throws IllegalArgumentException if {@code lineLimit} is not positive
   * @throws java.nio.file.NoSuchFileException if there is no such file
   * @throws IOException if it cannot be opened
   * @throws LimitOverrunException if a line is longer than the limit
   */
  public static void forEachLine(Path path, int lineLimit, LineConsumer consumer)
      throws IOException {
    if (lineLimit <= 0) {
      throw new IllegalArgumentException("forEachLine: lineLimit must be positive, not " + lineLimit);
    }
    java.util.Objects.requireNonNull(consumer, "consumer");
    var in = Blocking.file(() -> Files.newInputStream(path));
    PipeTransport t = new PipeTransport("file " + path, in, null);
    StreamReader r = new StreamReader(lineLimit);
    t.reader = r;
    t.start();
    try {
      String line;
      while ((line = r.readlineString()) != null) {
        consumer.accept(line);
      }
    } catch (Exception e) {
      throw e instanceof RuntimeException re ? re : new java.util.concurrent.CompletionException(e);
    } finally {
      t.closeNow();
    }
  }
}
