package dev.jasyncio.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PeersTest {
  private static final String JAVA =
      Path.of(System.getProperty("java.home"), "bin", "java").toString();

  private static long bytes(String flag) {
    assertThat(flag).startsWith("-XX:MinHeapSize=");
    return Long.parseLong(flag.substring("-XX:MinHeapSize=".length()));
  }

  private static int javaVersionExit(List<String> flags) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(JAVA));
    cmd.addAll(flags);
    cmd.add("-version");
    return new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
  }

  @Test
  void theHeapFloorIsTheInitialHeapOfAFreshJvmFarAboveWhatACollectionShrinksTo() throws Exception {
    long floor = bytes(Peers.minHeapFlag(JAVA, List.of()));

    // a full collection shrinks the heap to a few MB (8 MB is the JVM's own minimum here)
    assertThat(floor).isGreaterThan(8L << 20);
    assertThat(javaVersionExit(List.of("-XX:MinHeapSize=" + floor))).isZero();
  }

  @Test
  void theFloorFollowsTheJvmFlagsSoASmallMaximumStillStarts() throws Exception {
    List<String> small = List.of("-Xmx64m");
    String flag = Peers.minHeapFlag(JAVA, small);

    assertThat(bytes(flag)).isLessThanOrEqualTo(64L << 20);
    List<String> cmd = new ArrayList<>(List.of(flag));
    cmd.addAll(small);
    assertThat(javaVersionExit(cmd)).isZero();
  }

  @Test
  void aSizeTheFlagsFixThemselvesIsTheFloor() {
    assertThat(bytes(Peers.minHeapFlag(JAVA, List.of("-Xms256m", "-Xmx1g")))).isEqualTo(256L << 20);
  }

  @Test
  void flagsTheJvmRefusesGiveNoFloor() {
    assertThat(Peers.minHeapFlag(JAVA, List.of("-XX:NoSuchFlagAnywhere=1"))).isEmpty();
  }
}
