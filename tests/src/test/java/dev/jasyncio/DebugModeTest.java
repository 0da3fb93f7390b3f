package dev.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Debug mode: slow steps and never-retrieved failures, reported with where they came from. */
class DebugModeTest {

  private static void spin(long millis) {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (System.nanoTime() < end) {
      Thread.onSpinWait();
    }
  }

  @Test
  void aTaskStepThatHoldsTheLoopIsReportedByNameWithWhereItWasStuck() {
    List<ExceptionContext> reports = TestLoops.list();
    try (Loop loop = Loop.builder().clock(Clock.virtual()).debug(true)
        .exceptionHandler((l, c) -> reports.add(c)).build()) {
      loop.runUntilComplete(() -> {
        Async.createTask(() -> spin(500), "spinner").await();
        Async.createTask(() -> Async.sleep(Duration.ofSeconds(1)), "sleeper").await();
        return null;
      });
    }
    // A starved machine can make another step slow too: the spinner's report is what is checked.
    assertThat(reports.stream().filter(c -> c.task() != null && c.task().getName().equals("spinner")))
        .singleElement().satisfies(c -> {
      assertThat(c.message()).contains("task 'spinner' held the loop");
      assertThat(c.task().getName()).isEqualTo("spinner");
      assertThat(c.stack()).isNotNull();
      assertThat(Arrays.toString(c.stack())).contains("DebugModeTest.spin");
    });
  }

  @Test
  void theSlowThresholdIsConfigurable() {
    List<ExceptionContext> reports = TestLoops.list();
    try (Loop loop = Loop.builder().clock(Clock.virtual()).debug(true)
        .slowCallbackDuration(Duration.ofMillis(20))
        .exceptionHandler((l, c) -> reports.add(c)).build()) {
      loop.runUntilComplete(() -> {
        Async.currentLoop().callSoon(() -> spin(60));
        Async.sleep(Duration.ZERO);
        return null;
      });
    }
    // At 20 ms a starved machine can make a task step slow too: the callback's report is checked.
    assertThat(reports.stream().filter(c -> c.task() == null)).singleElement().satisfies(c ->
        assertThat(c.message()).contains("callback").contains("slow callback duration 20 ms"));
  }

  @Test
  void aFailedNeverAwaitedTaskIsReportedAtCloseWithItsCreationStack() {
    List<ExceptionContext> reports = TestLoops.list();
    try (Loop loop = Loop.builder().clock(Clock.virtual()).debug(true)
        .slowCallbackDuration(Duration.ofMinutes(1)) // only the unretrieved failure is looked at
        .exceptionHandler((l, c) -> reports.add(c)).build()) {
      loop.runUntilComplete(() -> {
        Async.createTask(() -> {
          throw new IllegalStateException("nobody looks at me");
        }, "forgotten");
        Async.sleep(Duration.ofSeconds(1));
        assertThat(reports).isEmpty(); // reported at close, not before
        return null;
      });
    }
    assertThat(reports).singleElement().satisfies(c -> {
      assertThat(c.message()).isEqualTo("Task exception was never retrieved");
      assertThat(c.task().getName()).isEqualTo("forgotten");
      assertThat(c.exception()).hasMessage("nobody looks at me");
      assertThat(Arrays.toString(c.stack()))
          .contains("aFailedNeverAwaitedTaskIsReportedAtCloseWithItsCreationStack");
      assertThat(c.describe()).contains("forgotten", "nobody looks at me", "stack:");
    });
  }

  @Test
  void aRetrievedFailureIsNotReported() {
    List<ExceptionContext> reports = TestLoops.list();
    TestLoops.runVirtual(reports, () -> {
      Task<Object> t = Async.createTask(() -> {
        throw new IllegalStateException("seen");
      });
      Async.sleep(Duration.ofSeconds(1));
      assertThat(t.exception()).hasMessage("seen");
      return null;
    });
    assertThat(reports).isEmpty();
  }

  @Test
  void theDebugPropertyTurnsDebugModeOn() {
    String old = System.getProperty("jasyncio.debug");
    System.setProperty("jasyncio.debug", "true");
    try (Loop loop = Loop.builder().build()) {
      assertThat(loop.isDebug()).isTrue();
    } finally {
      if (old == null) {
        System.clearProperty("jasyncio.debug");
      } else {
        System.setProperty("jasyncio.debug", old);
      }
    }
    try (Loop loop = Loop.builder().debug(false).build()) {
      assertThat(loop.isDebug()).isFalse();
    }
  }

  /** Prints what a loop in a fresh JVM chose; run by the test below. */
  public static final class Probe {
    public static void main(String[] args) {
      try (Loop loop = Loop.builder().build()) {
        System.out.println("debug=" + loop.isDebug() + " backend=" + loop.backend());
      }
    }
  }

  @Test
  void theEnvironmentVariableTurnsDebugOnAndDebugSaysWhyTheBackendIsPortable()
      throws IOException, InterruptedException {
    // a JVM without --add-opens and without -Djasyncio.backend: auto-selection falls back
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> cmd = new ArrayList<>(List.of(java.toString(), "-cp",
        System.getProperty("java.class.path"), Probe.class.getName()));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("JASYNCIO_DEBUG", "1");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(out).contains("debug=true backend=PORTABLE");
    assertThat(out).contains("portable backend, because the carrier backend needs --add-opens");
  }
}
