package dev.jasyncio.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The real clients the tests talk to: curl and Python 3 with Debian's {@code python3-websockets}
 * and {@code python3-aiohttp}. Outside CI a missing peer skips its test with a message; in CI
 * ({@code CI} set) it fails.
 */
final class Peers {
  static final String PYTHON = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";

  private Peers() {}

  /** The output of a finished process. */
  record Result(int exit, String out, String err) {
    Result ok() {
      assertThat(exit).as("exit code; stderr:\n" + err + "\nstdout:\n" + out).isZero();
      return this;
    }
  }

  static void requireCurl() {
    require(has("curl", "--version"), "curl (Debian package curl)");
  }

  static void requirePython(String module, String debianPackage) {
    require(has(PYTHON, "-c", "import " + module), "Python module " + module + " (Debian package " + debianPackage + ")");
  }

  private static void require(boolean present, String what) {
    if (!present && System.getenv("CI") != null) {
      throw new AssertionError("this test needs " + what);
    }
    Assumptions.assumeTrue(present, "skipped: needs " + what);
  }

  private static boolean has(String... cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  static Result curl(String... args) {
    List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "--max-time", "30"));
    cmd.addAll(List.of(args));
    return run(cmd, 60);
  }

  /** Runs a Python script from the test resources with arguments. */
  static Result python(String script, String... args) {
    Path file;
    try (var in = Peers.class.getResourceAsStream("/python/" + script)) {
      if (in == null) {
        throw new IllegalArgumentException("no test script python/" + script);
      }
      file = Files.createTempFile("jasyncio-web-", "-" + script);
      Files.write(file, in.readAllBytes());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    try {
      List<String> cmd = new ArrayList<>(List.of(PYTHON, file.toString()));
      cmd.addAll(List.of(args));
      return run(cmd, 120);
    } finally {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // a temp file
      }
    }
  }

  static Result run(List<String> cmd, int timeoutSeconds) {
    try {
      Path out = Files.createTempFile("jasyncio-web-", ".out");
      Path err = Files.createTempFile("jasyncio-web-", ".err");
      Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      try {
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
          p.destroyForcibly().waitFor();
          throw new AssertionError(cmd + " did not finish in " + timeoutSeconds + " s; stderr:\n"
              + Files.readString(err));
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
      } finally {
        p.destroyForcibly();
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
