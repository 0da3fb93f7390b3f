package dev.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Which backend runs, and what the user is told: a JVM without the carrier's {@code --add-opens}
 * falls back to portable and says so once, outside debug mode too; debug reports name the task.
 */
class BackendSelectionTest {
  private static String[] runChild(String... jvmArgs) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
    cmd.addAll(Arrays.asList(jvmArgs));
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(BackendFallbackMain.class.getName());
    Process p = new ProcessBuilder(cmd).start();
    try {
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the child JVM ends").isTrue();
      return new String[] {
          new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim(),
          new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)};
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void withoutTheAddOpensTheDefaultFallsBackToPortableAndSaysWhyOnce() throws Exception {
    String[] out = runChild();
    assertThat(out[0]).isEqualTo("PORTABLE\noffloaded 42, slept");
    assertThat(out[1]).contains("portable backend").contains("--add-opens java.base/java.lang");
    assertThat(out[1].split("carrier backend cannot run", -1)).hasSize(2); // once
    String[] chosen = runChild("-Djasyncio.backend=portable");
    assertThat(chosen[0]).isEqualTo("PORTABLE\noffloaded 42, slept");
    assertThat(chosen[1]).doesNotContain("carrier backend cannot run");
  }

  /** A JDK without the internals the carrier backend uses, simulated by naming a missing class. */
  private static final String MISSING_HOOK =
      "-Djasyncio.internal.carrierBuilderClass=java.lang.ThreadBuilders$NoSuchBuilder";

  @Test
  void onAJdkWithoutTheCarrierInternalsTheCarrierIsRefusedWithTheReasonAndPortableRuns()
      throws Exception {
    String opens = "--add-opens=java.base/java.lang=ALL-UNNAMED";
    String[] out = runChild(opens, MISSING_HOOK);
    assertThat(out[0]).isEqualTo("PORTABLE\noffloaded 42, slept");
    assertThat(out[1]).contains("portable backend")
        .contains("this JDK lacks the virtual-thread internals it relies on")
        .contains("ClassNotFoundException: java.lang.ThreadBuilders$NoSuchBuilder");
    assertThat(out[1].split("carrier backend cannot run", -1)).hasSize(2); // once

    String[] carrier = runChild(opens, MISSING_HOOK, "-Djasyncio.backend=carrier");
    assertThat(carrier[0]).isEmpty(); // asked for by name, the carrier is refused, not faked
    assertThat(carrier[1]).contains("IllegalStateException: the carrier backend cannot run:"
        + " this JDK lacks the virtual-thread internals it relies on");

    String[] intact = runChild(opens); // the same JVM flags with the internals present
    assertThat(intact[0]).isEqualTo("CARRIER\noffloaded 42, slept");
    assertThat(intact[1]).doesNotContain("cannot run");
  }

  @Test
  void aSlowStepOfTheMainTaskIsReportedByTheTasksNameAndStack() {
    List<ExceptionContext> reports = TestLoops.list();
    try (Loop loop = Loop.builder().debug(true).slowCallbackDuration(Duration.ofMillis(50))
        .exceptionHandler((l, c) -> reports.add(c)).build()) {
      loop.runUntilComplete(() -> { // created before the loop runs, as Async.run's main task
        spin(150);
        return null;
      });
    }
    assertThat(reports).filteredOn(c -> c.message().contains("held the loop")).isNotEmpty()
        .allSatisfy(c -> {
          assertThat(c.message()).startsWith("task 'Task-");
          assertThat(c.task()).isNotNull();
          assertThat(Arrays.toString(c.stack())).contains("BackendSelectionTest.spin");
        });
  }

  private static void spin(long millis) {
    long end = System.nanoTime() + millis * 1_000_000;
    while (System.nanoTime() < end) {
      Thread.onSpinWait();
    }
  }
}
