package dev.jasyncio.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Seed 000's real-world lessons, on real loopback HTTP with small photos. Their times are
 * printed, not asserted (wall-clock speed is the benchmark's business); each test asserts the
 * concurrency that makes the time: how many downloads the server saw at once, and how many
 * images were being processed at once.
 */
class RealWorldTest {
  private static final Pattern DOWNLOADED = Pattern.compile(
      "downloaded (\\d+) images in ([0-9.]+) s, at most (\\d+) at once \\(the server counts\\)");
  private static final Pattern PROCESSED = Pattern.compile("processed (\\d+) images in ([0-9.]+) s, at most (\\d+) at once");

  /** What a lesson printed. */
  record Lesson(int downloaded, double downloadSeconds, int downloadsAtOnce, int processed, int processedAtOnce) {}

  private static Lesson run(Example example) {
    List<String> lines = Runs.real(example).lines();
    Matcher d = find(DOWNLOADED, lines);
    Matcher p = find(PROCESSED, lines);
    return new Lesson(Integer.parseInt(d.group(1)), Double.parseDouble(d.group(2)), Integer.parseInt(d.group(3)),
        Integer.parseInt(p.group(1)), Integer.parseInt(p.group(3)));
  }

  private static Matcher find(Pattern pattern, List<String> lines) {
    for (String l : lines) {
      Matcher m = pattern.matcher(l);
      if (m.matches()) {
        return m;
      }
    }
    throw new AssertionError("no line like " + pattern + " in " + lines);
  }

  @Test
  void sync1DownloadsOneAtATimeSoItsDownloadsTakeAtLeastEveryLatencyAddedUp() {
    Lesson l = run(new RealWorldSync1());
    assertThat(l.downloaded()).isEqualTo(RealWorld.IMAGES);
    assertThat(l.processed()).isEqualTo(RealWorld.IMAGES);
    assertThat(l.downloadsAtOnce()).isEqualTo(1);
    assertThat(l.processedAtOnce()).isEqualTo(1);
    // The slowest: no wait overlaps another, so the phase is at least the sum of the latencies.
    assertThat(l.downloadSeconds()).isGreaterThanOrEqualTo(RealWorld.IMAGES * RealWorld.LATENCY.toMillis() / 1000.0);
  }

  @Test
  void async1OverlapsTheDownloadsButStillProcessesOneImageAtATime() {
    Lesson l = run(new RealWorldAsync1());
    assertThat(l.processed()).isEqualTo(RealWorld.IMAGES);
    assertThat(l.downloadsAtOnce()).isGreaterThan(1);
    assertThat(l.processedAtOnce()).isEqualTo(1);
  }

  @Test
  void async2OverlapsTheDownloadsAndHandsEveryImageToTheCpuPoolAtOnce() {
    Lesson l = run(new RealWorldAsync2());
    assertThat(l.processed()).isEqualTo(RealWorld.IMAGES);
    assertThat(l.downloadsAtOnce()).isGreaterThan(1);
    assertThat(l.processedAtOnce()).isEqualTo(RealWorld.IMAGES);
  }

  @Test
  void async3NeverHasMoreThanFourDownloadsInFlight() {
    Lesson l = run(new RealWorldAsync3());
    assertThat(l.processed()).isEqualTo(RealWorld.IMAGES);
    assertThat(l.downloadsAtOnce()).isBetween(1, RealWorldAsync3.LIMIT);
    assertThat(l.processedAtOnce()).isEqualTo(RealWorld.IMAGES);
  }
}
