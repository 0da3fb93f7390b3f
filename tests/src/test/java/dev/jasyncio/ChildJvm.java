package dev.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A JVM of its own for a test: this JVM's {@code java} and class path, its output merged. */
final class ChildJvm {
  private ChildJvm() {}

  /** What the child printed (stdout and stderr as they came) and how it exited. */
  record Result(int exitValue, String out) {
    List<String> lines() {
      return out.lines().toList();
    }
  }

  /**
   * The flags that give the child's default loop this suite run's backend: the carrier's
   * {@code --add-opens} (unused by portable) and the backend by name.
   */
  static List<String> backendFlags() {
    return List.of("--add-opens=java.base/java.lang=ALL-UNNAMED",
        "-Djasyncio.backend=" + System.getProperty("jasyncio.backend", "carrier"));
  }

  /** Runs {@code mainClass} with {@code args} under {@code jvmArgs}; it must end within 60 s. */
  static Result run(List<String> jvmArgs, String mainClass, String... args) throws Exception {
    return run(List.of(), jvmArgs, mainClass, args);
  }

  /**
   * As {@link #run(List, String, String...)}, in a process that starts with {@code signals}
   * (names such as "HUP") ignored, as {@code nohup} starts one.
   */
  static Result runIgnoring(List<String> signals, List<String> jvmArgs, String mainClass,
      String... args) throws Exception {
    // an ignored signal stays ignored across exec
    return run(List.of("sh", "-c", "trap '' " + String.join(" ", signals) + " && exec \"$@\"", "child"),
        jvmArgs, mainClass, args);
  }

  private static Result run(List<String> launcher, List<String> jvmArgs, String mainClass,
      String... args) throws Exception {
    List<String> cmd = new ArrayList<>(launcher);
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.addAll(jvmArgs);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(mainClass);
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    try {
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the child JVM ends").isTrue();
      return new Result(p.exitValue(), out);
    } finally {
      p.destroyForcibly();
    }
  }
}
