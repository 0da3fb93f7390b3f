package dev.jasyncio.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jasyncio.Loop;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BuildsABTest {
  private static final String BACKEND = System.getProperty("jasyncio.backend", "carrier");

  private static String core() throws Exception {
    return Path.of(Loop.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }

  private static BuildsAB parsed(String... args) {
    BuildsAB ab = new BuildsAB();
    new CommandLine(ab).parseArgs(args);
    return ab;
  }

  @Test
  void twoBuildsRunTheWorkloadInTurnAndArePairedWithTheFirst() throws Exception {
    BuildsAB ab = parsed("--backend", BACKEND, "--rounds", "4", "--batch", "500", "--per-block", "2",
        "spawn", "a=" + core(), "b=" + core(), "c=" + core());
    List<BuildsAB.Timings> t = ab.measure();

    assertThat(t).extracting(BuildsAB.Timings::name).containsExactly("a", "b", "c");
    for (BuildsAB.Timings x : t) {
      assertThat(Arrays.stream(x.wall()).boxed().toList()).hasSize(4).allSatisfy(w -> assertThat(w).isPositive());
      assertThat(Arrays.stream(x.cpu()).boxed().toList()).hasSize(4).allSatisfy(c -> assertThat(c).isNotNegative());
    }
    String report = ab.report(t);
    assertThat(report).startsWith("ab: spawn on " + BACKEND + ", 4 rounds of 2 loop runs x 500")
        .contains("a ", "b ", "c ")
        .containsPattern("paired b/a: median \\d+\\.\\d{3} \\(IQR")
        .containsPattern("paired c/a: median \\d+\\.\\d{3} \\(IQR");
  }

  @Test
  void badInputIsRefusedWithWhatWasWrong(@TempDir Path empty) throws Exception {
    String core = core();
    assertThatThrownBy(() -> parsed("nope", "a=" + core, "b=" + core).measure())
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("no workload 'nope'").hasMessageContaining("promisePingPong");
    assertThatThrownBy(() -> parsed("spawn", "a=" + core, "b=/no/such/dir").measure())
        .hasMessageContaining("build 'b': no such file or directory: /no/such/dir");
    assertThatThrownBy(() -> parsed("spawn", "a=" + core, "justapath").measure())
        .hasMessageContaining("a build is NAME=CLASSES, not 'justapath'");
    assertThatThrownBy(() -> parsed("spawn", "a=" + core, "b=" + empty).measure())
        .hasMessageContaining("build 'b': no jasyncio core in");
    assertThatThrownBy(() -> parsed("--backend", "fast", "spawn", "a=" + core, "b=" + core).measure())
        .hasMessageContaining("--backend must be carrier or portable, not 'fast'");
    assertThatThrownBy(() -> parsed("--rounds", "0", "spawn", "a=" + core, "b=" + core).measure())
        .hasMessageContaining("must be at least 1");
    assertThatThrownBy(() -> parsed("spawn", "a=" + core))
        .isInstanceOf(CommandLine.ParameterException.class); // one build compares nothing
  }
}
