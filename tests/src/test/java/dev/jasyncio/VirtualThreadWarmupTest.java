package dev.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A fresh JVM's first loop runs no task before a virtual thread has ended: the JDK loads the
 * class of its thread-end event at the first end, and a {@code VirtualThread.run} compiled before
 * that traps in every thread parked in it (1 M sleeping tasks paid seconds of deoptimization).
 */
class VirtualThreadWarmupTest {
  @Test
  void theJdksThreadEndEventIsLoadedBeforeTheFirstTaskRuns() throws Exception {
    String backend = System.getProperty("jasyncio.backend", "carrier");
    Process p = new ProcessBuilder(
        System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
        "--add-opens=java.base/java.lang=ALL-UNNAMED", "-Djasyncio.backend=" + backend,
        "-Xlog:class+load=info:stdout", "-cp", System.getProperty("java.class.path"),
        FirstTaskMain.class.getName()).redirectErrorStream(true).start();
    List<String> lines;
    try {
      lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the child JVM ends").isTrue();
    } finally {
      p.destroyForcibly();
    }
    int firstTask = lines.indexOf("first task running");
    assertThat(firstTask).as("the first task ran (%s backend)", backend).isPositive();
    assertThat(lines.subList(0, firstTask))
        .as("classes loaded before the first task ran")
        .anyMatch(l -> l.contains(" jdk.internal.event.VirtualThreadEndEvent "));
  }
}
