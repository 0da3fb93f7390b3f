package dev.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jasyncio.ProfileReport.Bucket;
import dev.jasyncio.io.Connection;
import dev.jasyncio.io.Streams;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The profile: a program with a known mix — a task waiting on a slow socket, CPU work on the CPU
 * pool, a blocking call that holds the loop — is attributed to the right buckets. The waits are
 * real (a socket answers, another process releases a file lock, after a pause): asserted by bucket and structure, never by
 * amount.
 */
class ProfileTest {
  private static final long PAUSE_MILLIS = 400;

  private static void spin(long millis) {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (System.nanoTime() < end) {
      Thread.onSpinWait();
    }
  }

  /** A server that answers one line after the pause. */
  private static ServerSocket slowServer() throws Exception {
    ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    Thread.ofPlatform().daemon().start(() -> {
      try (Socket s = server.accept(); OutputStream out = s.getOutputStream()) {
        Thread.sleep(PAUSE_MILLIS);
        out.write("hello\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        s.getInputStream().read(); // until the client closes
      } catch (Exception ignored) {
        // the test sees what the client got
      }
    });
    return server;
  }

  /**
   * Another process that holds a POSIX lock on {@code file} until it is told to go, then for the
   * pause: a lock the JDK waits for inside a native call, holding the loop on either backend.
   */
  private static Process lockHolder(Path file) throws Exception {
    Files.writeString(file, "locked by another process");
    Process p = new ProcessBuilder("python3", "-c", String.join("\n",
        "import fcntl, sys, time",
        "f = open(sys.argv[1], 'r+')",
        "fcntl.lockf(f, fcntl.LOCK_EX)",
        "print('locked', flush=True)",
        "sys.stdin.readline()",
        "time.sleep(float(sys.argv[2]))"), file.toString(), String.valueOf(PAUSE_MILLIS / 1000.0))
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String first = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII)).readLine();
    assertThat(first).isEqualTo("locked");
    return p;
  }

  @Test
  void aKnownMixLandsInTheRightBuckets(@TempDir Path dir) throws Exception {
    Path lockFile = dir.resolve("lock");
    Process holder = lockHolder(lockFile);
    ProfileReport p;
    try (ServerSocket server = slowServer();
         Loop loop = Loop.builder().slowCallbackDuration(java.time.Duration.ofSeconds(30))
             .exceptionHandler((l, c) -> { }).build()) {
      p = loop.runUntilComplete(() -> Async.profile(() -> {
        String line = Async.stage("download", () -> {
          try (Connection c = Streams.openConnection("127.0.0.1", server.getLocalPort())) {
            return c.reader().readlineString();
          }
        });
        assertThat(line).isEqualTo("hello");
        Async.stage("resize", () -> Async.onCpu(() -> spin(PAUSE_MILLIS)));
        Async.stage("blocking", () -> { // a blocking call on the loop: the mistake to find
          try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            holder.getOutputStream().write('\n');
            holder.getOutputStream().flush();
            ch.lock().release(); // waits for the other process in the kernel
          }
        });
        Task<Void> one = Async.createTask(() -> Async.sleep(0.2), "fetch-1");
        Task<Void> two = Async.createTask(() -> Async.sleep(0.2), "fetch-2");
        one.await();
        two.await();
      }));
    }
    assertThat(holder.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.row("download").dominant()).isEqualTo(Bucket.IO_WAIT);
    assertThat(p.row("resize").dominant()).isEqualTo(Bucket.OFFLOADED_CPU);
    assertThat(p.row("blocking").dominant()).isEqualTo(Bucket.BLOCKING);
    assertThat(p.row("fetch-N").tasks()).isEqualTo(2);
    assertThat(p.row("fetch-N").dominant()).isEqualTo(Bucket.IO_WAIT);
    assertThat(p.rows()).extracting(ProfileReport.Row::name).contains("Task-N"); // the main task outside stages
    for (ProfileReport.Row r : p.rows()) {
      assertThat(r.time().keySet()).containsExactly(Bucket.values());
    }

    String text = p.text();
    assertThat(text).contains("download").contains("resize").contains("blocking").contains("fetch-N")
        .contains(Bucket.BLOCKING.label());
    String html = p.html();
    assertThat(html).startsWith("<!DOCTYPE html>").contains("<svg").contains("data-row=\"download\"")
        .contains("data-bucket=\"BLOCKING\"").doesNotContain("<script").doesNotContain("src=")
        .doesNotContain("href=");
    List<Path> files = p.write(dir.resolve("profile.html"));
    assertThat(files).containsExactly(dir.resolve("profile.txt"), dir.resolve("profile.html"));
    assertThat(Files.readString(files.get(0))).isEqualTo(text);
    assertThat(Files.readString(files.get(1))).isEqualTo(html);
  }

  @Test
  void taskNamesFoldTheirTrailingNumber() {
    assertThat(Profiler.rowName("fetch-12")).isEqualTo("fetch-N");
    assertThat(Profiler.rowName("Task-3")).isEqualTo("Task-N");
    assertThat(Profiler.rowName("017")).isEqualTo("<number>");
    assertThat(Profiler.rowName("main")).isEqualTo("main");
  }

  @Test
  void theSystemPropertyProfilesAsyncRunIntoAFile(@TempDir Path dir) throws Exception {
    Path base = dir.resolve("run-profile");
    System.setProperty("jasyncio.profile", base.toString());
    try {
      int r = Loop.builder().clock(Clock.virtual()).run(() -> Async.stage("work", () -> {
        Async.sleep(1);
        return 7;
      }));
      assertThat(r).isEqualTo(7);
    } finally {
      System.clearProperty("jasyncio.profile");
    }
    assertThat(Files.readString(dir.resolve("run-profile.txt"))).contains("jasyncio profile").contains("work");
    assertThat(Files.readString(dir.resolve("run-profile.html"))).contains("data-row=\"work\"");
  }

  @Test
  void profilesDoNotNestAndAStageOutsideAProfileOnlyLabels() {
    TestLoops.runVirtual(() -> {
      assertThat(Async.stage("alone", () -> 1)).isEqualTo(1);
      Async.profile(() -> assertThatThrownBy(() -> Async.profile(() -> { }))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("profiled already"));
      return null;
    });
    assertThatThrownBy(() -> Async.profile(() -> { })).isInstanceOf(NoRunningLoopException.class);
    assertThatThrownBy(() -> p(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new ProfileReport(java.time.Duration.ZERO, List.of()).row("nope"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no profile row 'nope'");
  }

  private static ProfileReport p(ThrowingRunnable body) {
    return Async.profile(body);
  }
}
