package dev.jasyncio.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The peer protocol's warm-up: a count, or a count and a least time. */
class PeerMainTest {
  private static final String PEER = "dev.jasyncio.bench.peers.VirtualThreadsPeer";

  /** The {@code check} line of one PeerMain run: the sum of every run's checksum, warm-ups too. */
  private static long check(String warmups, String runs) throws Exception {
    PrintStream out = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      PeerMain.main(new String[] {PEER, "spawn", "100", warmups, runs});
    } finally {
      System.setOut(out);
    }
    return checkLine(buf.toString(StandardCharsets.UTF_8));
  }

  private static long checkLine(String output) {
    return output.lines().filter(l -> l.startsWith("check "))
        .mapToLong(l -> Long.parseLong(l.substring(6).trim())).findFirst().orElseThrow();
  }

  @Test
  void aCountAloneRunsExactlyThatManyWarmUps() throws Exception {
    long one = check("0", "1");
    assertThat(one).isPositive();
    assertThat(check("2", "1")).isEqualTo(3 * one);
  }

  @Test
  void aLeastTimeKeepsWarmingUpPastTheCount() throws Exception {
    long one = check("0", "1");
    // each run collects the heap after it: far more than a millisecond, far less than 0.3 s
    assertThat(check("1/0.3", "1")).isGreaterThan(3 * one);
  }

  @Test
  void thePythonPeerReadsTheSameWarmUps() throws Exception {
    Path python = Path.of("/usr/bin/python3");
    assumeThat(Files.isExecutable(python)).as("python3 is installed").isTrue();
    Path script = Path.of(System.getProperty("user.dir")).resolve("src/main/python/peer.py");
    long one = checkLine(run(python.toString(), script.toString(), "asyncio", "spawn", "100", "0", "1"));
    assertThat(checkLine(run(python.toString(), script.toString(), "asyncio", "spawn", "100", "2", "1")))
        .isEqualTo(3 * one);
    assertThat(checkLine(run(python.toString(), script.toString(), "asyncio", "spawn", "100", "1/0.3", "1")))
        .isGreaterThan(3 * one);
  }

  private static String run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(List.of(cmd)).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
    return out;
  }
}
