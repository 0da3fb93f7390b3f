package dev.jasyncio.io;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.nio.file.StandardOpenOption.APPEND;
import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.TRUNCATE_EXISTING;
import static java.nio.file.StandardOpenOption.WRITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jasyncio.Async;
import dev.jasyncio.AsyncStream;
import dev.jasyncio.CancelledException;
import dev.jasyncio.Loop;
import dev.jasyncio.Task;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.file.Files;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class AsyncFileTest {
  @Test
  void chunkedWritesThenSeekReadPositionAndSize(@TempDir Path dir) throws Exception {
    Path p = dir.resolve("data.bin");
    IoLoops.run(() -> {
      try (AsyncFile out = AsyncFile.open(p, CREATE, WRITE, TRUNCATE_EXISTING)) {
        for (int i = 0; i < 10; i++) {
          out.write(("chunk " + i + ";").getBytes(UTF_8));
        }
        out.write("xyz".getBytes(UTF_8), 1, 1);
        assertThat(out.position()).isEqualTo(81);
      }
      try (AsyncFile in = AsyncFile.open(p)) {
        assertThat(in.size()).isEqualTo(81);
        assertThat(new String(in.read(8), UTF_8)).isEqualTo("chunk 0;");
        assertThat(in.position()).isEqualTo(8);
        assertThat(in.seek(72)).isEqualTo(72);
        assertThat(new String(in.read(1000), UTF_8)).isEqualTo("chunk 9;y"); // fewer at the end
        assertThat(in.read(10)).isEmpty();
        assertThat(in.read(0)).isEmpty();
        in.seek(0);
        assertThat(new String(in.read(5), UTF_8)).isEqualTo("chunk");
      }
      try (AsyncFile log = AsyncFile.open(p, WRITE, APPEND)) {
        log.write("+tail");
      }
      return null;
    });
    assertThat(Files.readString(p)).startsWith("chunk 0;chunk 1;").endsWith("chunk 9;y+tail");
  }

  @Test
  void aHugeReadRequestOnASmallFileAllocatesOnlyWhatIsThere(@TempDir Path dir) throws Exception {
    Path p = dir.resolve("small.txt");
    Files.writeString(p, "hello");
    byte[] got = IoLoops.run(() -> {
      try (AsyncFile f = AsyncFile.open(p)) {
        return f.read(Integer.MAX_VALUE);
      }
    });
    assertThat(new String(got, UTF_8)).isEqualTo("hello");
  }

  @Test
  void linesFromThePositionWithCrLfMultiByteTextAcrossChunksAndNoFinalNewline(@TempDir Path dir)
      throws Exception {
    Path p = dir.resolve("lines.txt");
    String wide = "é".repeat(40_000); // 80,000 bytes: crosses the 64 KiB chunk boundary mid-letter
    Files.writeString(p, "skip me\nfirst\r\n\n" + wide + "\nlast");
    List<String> lines = IoLoops.run(() -> {
      try (AsyncFile f = AsyncFile.open(p)) {
        f.seek(8);
        List<String> got = f.lines().toList();
        assertThat(f.position()).isEqualTo(Files.size(p));
        return got;
      }
    });
    assertThat(lines).containsExactly("first", "", wide, "last");
  }

  @Test
  void stoppingALinesStreamEarlyLeavesTheFileOpenAtTheNextChunk(@TempDir Path dir)
      throws Exception {
    Path p = dir.resolve("many.txt");
    Files.writeString(p, "a\nb\nc\n");
    IoLoops.run(() -> {
      try (AsyncFile f = AsyncFile.open(p)) {
        try (AsyncStream<String> lines = f.lines()) {
          for (String line : lines) {
            assertThat(line).isEqualTo("a");
            break;
          }
        }
        assertThat(f.isOpen()).isTrue();
        assertThat(f.read(1)).isEmpty(); // the stream read the whole (small) file as one chunk
      }
      return null;
    });
  }

  @Test
  void aFileLargerThanTheHeapIsStreamedByLinesInBoundedMemory(@TempDir Path dir) throws Exception {
    // 48 MiB of text, read by a JVM whose whole heap is 16 MiB: holding the file would fail
    Path p = dir.resolve("big.log");
    int lineCount = 48 * 1024;
    String line = "x".repeat(1023);
    try (BufferedWriter w = Files.newBufferedWriter(p, UTF_8)) {
      for (int i = 0; i < lineCount; i++) {
        w.write(line);
        w.write('\n');
      }
    }
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx16m",
        "--add-opens", "java.base/java.lang=ALL-UNNAMED",
        "-Djasyncio.backend=" + System.getProperty("jasyncio.backend", "carrier"),
        "-cp", System.getProperty("java.class.path"), CountLines.class.getName(), p.toString()));
    Process child = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(child.getInputStream().readAllBytes(), UTF_8).trim();
    assertThat(child.waitFor(50, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).as(out).isZero();
    assertThat(out).endsWith("lines=" + lineCount + " chars=" + (long) lineCount * 1023);
  }

  /** The child JVM of the bounded-memory test: counts a file's lines through AsyncFile.lines(). */
  static final class CountLines {
    public static void main(String[] args) {
      long[] counts = new long[2];
      try (Loop loop = Loop.builder().build()) {
        loop.runUntilComplete(() -> {
          try (AsyncFile f = AsyncFile.open(Path.of(args[0]))) {
            f.lines().forEach(l -> {
              counts[0]++;
              counts[1] += l.length();
            });
          }
          return null;
        });
      }
      System.out.println("lines=" + counts[0] + " chars=" + counts[1]);
    }
  }

  @Test
  void aLineLongerThanTheLimitIsANamedError(@TempDir Path dir) throws Exception {
    Path p = dir.resolve("one-line.txt");
    Files.writeString(p, "y".repeat(AsyncFile.MAX_LINE + 10));
    assertThatThrownBy(() -> IoLoops.run(() -> {
      try (AsyncFile f = AsyncFile.open(p)) {
        return f.lines().toList();
      }
    })).isInstanceOf(LimitOverrunException.class).hasMessageContaining("one-line.txt");
  }

  @Test
  void aMissingFileIsTheJdksNoSuchFileException(@TempDir Path dir) {
    IoLoops.run(() -> {
      assertThatThrownBy(() -> AsyncFile.open(dir.resolve("nope")))
          .isInstanceOf(NoSuchFileException.class).hasMessageContaining("nope");
      return null;
    });
  }

  @Test
  void everyCallAfterCloseIsClosedChannelException(@TempDir Path dir) throws Exception {
    Path p = dir.resolve("f.txt");
    Files.writeString(p, "abc");
    IoLoops.run(() -> {
      AsyncFile f = AsyncFile.open(p, READ, WRITE);
      try (f) {
        assertThat(f.isOpen()).isTrue();
      }
      assertThat(f.isOpen()).isFalse();
      assertThat(f).hasToString("AsyncFile[" + p + ", closed]");
      f.close(); // twice: nothing
      assertThatThrownBy(() -> f.read(1)).isInstanceOf(ClosedChannelException.class);
      assertThatThrownBy(() -> f.write("x")).isInstanceOf(ClosedChannelException.class);
      assertThatThrownBy(() -> f.seek(0)).isInstanceOf(ClosedChannelException.class);
      assertThatThrownBy(f::position).isInstanceOf(ClosedChannelException.class);
      assertThatThrownBy(f::size).isInstanceOf(ClosedChannelException.class);
      assertThatThrownBy(f::lines).isInstanceOf(ClosedChannelException.class);
      return null;
    });
  }

  @Test
  void badArgumentsAndAReadOnlyFileAreNamed(@TempDir Path dir) throws Exception {
    Path p = dir.resolve("ro.txt");
    Files.writeString(p, "abc");
    IoLoops.run(() -> {
      try (AsyncFile f = AsyncFile.open(p)) {
        assertThatThrownBy(() -> f.read(-1)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("n must not be negative");
        assertThatThrownBy(() -> f.seek(-1)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("position must not be negative");
        assertThatThrownBy(() -> f.write(new byte[3], 2, 5))
            .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> f.write("x")).isInstanceOf(NonWritableChannelException.class);
        assertThat(new String(f.read(3), UTF_8)).isEqualTo("abc"); // still usable
      }
      return null;
    });
  }

  @Test
  void aCallOutsideATaskIsRefused(@TempDir Path dir) {
    assertThatThrownBy(() -> AsyncFile.open(dir.resolve("x"))).isInstanceOf(RuntimeException.class)
        .hasMessageContaining("Async.toThread");
  }

  @Test
  void aPipeIsRefusedBeforeItsOpenCouldWait(@TempDir Path dir) throws Exception {
    Path pipe = dir.resolve("pipe");
    Process mk = new ProcessBuilder("mkfifo", pipe.toString()).inheritIO().start();
    assertThat(mk.waitFor()).isZero();
    IoLoops.run(() -> {
      assertThatThrownBy(() -> AsyncFile.open(pipe))
          .isInstanceOf(FileSystemException.class).hasMessageContaining("not a regular file");
      assertThatThrownBy(() -> AsyncFile.open(dir))
          .isInstanceOf(FileSystemException.class).hasMessageContaining("not a regular file");
      return null;
    });
  }

  /** 32 MiB in 1 MiB chunks. */
  private static Path largeFile(Path dir) throws IOException {
    Path p = dir.resolve("large.bin");
    byte[] chunk = new byte[1 << 20];
    Arrays.fill(chunk, (byte) 'z');
    chunk[chunk.length - 1] = '\n';
    try (var out = Files.newOutputStream(p)) {
      for (int i = 0; i < 32; i++) {
        out.write(chunk);
      }
    }
    return p;
  }

  @Test
  void cancellingAReaderMidFileEndsItsReadAndClosesTheFile(@TempDir Path dir) throws Exception {
    Path p = largeFile(dir);
    IoLoops.run(() -> {
      AsyncFile in = AsyncFile.open(p);
      long[] read = {0};
      Task<Void> reader = Async.createTask(() -> {
        byte[] b;
        while ((b = in.read(1 << 20)).length > 0) {
          read[0] += b.length;
        }
      });
      // the reader suspends only in its reads: whenever this task runs, one is in flight
      while (read[0] < 3 << 20) {
        Async.sleep(0);
      }
      reader.cancel();
      assertThatThrownBy(reader::await).isInstanceOf(CancelledException.class);
      assertThat(read[0]).isLessThan(32L << 20);
      assertThat(in.isOpen()).isFalse();
      assertThatThrownBy(() -> in.read(1)).isInstanceOf(ClosedChannelException.class);
      in.close(); // closed already: nothing
      return null;
    });
  }

  @Test
  void cancellingAConsumerOfLinesMidFileClosesTheFile(@TempDir Path dir) throws Exception {
    Path p = largeFile(dir);
    IoLoops.run(() -> {
      AsyncFile in = AsyncFile.open(p);
      int[] seen = {0};
      Task<Void> consumer = Async.createTask(() -> {
        try (AsyncStream<String> lines = in.lines()) {
          for (String l : lines) {
            assertThat(l).hasSize((1 << 20) - 1);
            seen[0]++;
          }
        }
      });
      while (seen[0] < 2) {
        Async.sleep(0);
      }
      consumer.cancel();
      assertThatThrownBy(consumer::await).isInstanceOf(CancelledException.class);
      assertThat(seen[0]).isBetween(2, 31);
      assertThat(in.isOpen()).isFalse();
      return null;
    });
  }

  @Test
  void aCancelledOpenLeaksNoHandle(@TempDir Path dir) throws Exception {
    Path p = dir.resolve("f.txt");
    Files.writeString(p, "abc");
    long before = openFiles(p);
    IoLoops.run(() -> {
      for (int i = 0; i < 50; i++) {
        Task<AsyncFile> opener = Async.createTask(() -> AsyncFile.open(p));
        Async.sleep(0); // the open is in flight
        opener.cancel();
        try {
          opener.await().close(); // it finished before the cancel arrived
        } catch (CancelledException expected) {
          // dropped: the open closes what it opened
        }
      }
      return null;
    });
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (openFiles(p) > before && System.nanoTime() < deadline) {
      Thread.sleep(10); // the pool finishes an abandoned open after its caller has gone
    }
    assertThat(openFiles(p)).isEqualTo(before);
  }

  /** How many of this process's descriptors are open on {@code p} (Linux). */
  private static long openFiles(Path p) throws IOException {
    try (var fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.filter(fd -> {
        try {
          return Files.readSymbolicLink(fd).equals(p);
        } catch (IOException gone) {
          return false;
        }
      }).count();
    }
  }

  @Test
  void otherTasksKeepRunningWhileALargeFileIsWrittenAndRead(@TempDir Path dir) throws IOException {
    Path p = dir.resolve("large.bin");
    int[] ticks = {0};
    long total = IoLoops.run(() -> {
      Task<Void> ticker = Async.createTask(() -> {
        while (true) {
          ticks[0]++;
          Async.sleep(0);
        }
      });
      byte[] chunk = new byte[1 << 20];
      try (AsyncFile f = AsyncFile.open(p, CREATE, WRITE, READ)) {
        for (int i = 0; i < 32; i++) {
          f.write(chunk);
        }
        f.seek(0);
        long n = 0;
        byte[] b;
        while ((b = f.read(1 << 20)).length > 0) {
          n += b.length;
        }
        ticker.cancel();
        return n;
      }
    });
    assertThat(total).isEqualTo(32L << 20);
    assertThat(ticks[0]).isGreaterThan(64); // it ran during each of the 64 offloaded calls
  }
}
