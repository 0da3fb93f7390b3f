package dev.jasyncio.io;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jasyncio.Async;
import dev.jasyncio.CancelledException;
import dev.jasyncio.Task;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class SubprocessTest {
  @Test
  void tenMebibytesThroughCatByteExact() {
    byte[] data = new byte[10 << 20];
    new Random(5).nextBytes(data);
    Subprocess.Result r = IoLoops.run(() -> Subprocess.exec("cat").communicate(data));
    assertThat(r.exitCode()).isZero();
    assertThat(r.stdout()).isEqualTo(data);
  }

  @Test
  void communicateWithFiftyMebibytesOfOutputCompletes() {
    Subprocess.Result r = IoLoops.run(() ->
        Subprocess.exec("head", "-c", Integer.toString(50 << 20), "/dev/zero").communicate(null));
    assertThat(r.exitCode()).isZero();
    assertThat(r.stdout()).hasSize(50 << 20);
  }

  @Test
  void cancellingATaskWaitingOnAProcessLeavesNoProcessBehind() throws Exception {
    long pid = IoLoops.run(() -> {
      Subprocess p = Subprocess.exec("sleep", "100");
      Task<Integer> waiter = Async.createTask(p::waitFor);
      Async.sleep(0.05);
      waiter.cancel();
      assertThatThrownBy(waiter::await).isInstanceOf(CancelledException.class);
      return p.pid();
    });
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(ProcessHandle.of(pid)).as("process %d is gone", pid).isEmpty();
  }

  @Test
  void aProcessIgnoringTermIsKilledAfterTheGracePeriod() throws Exception {
    long pid = IoLoops.run(() -> {
      Subprocess p = Subprocess.shell("trap '' TERM; echo ready; sleep 100 & wait").killAfter(Duration.ofMillis(100));
      assertThat(p.stdout().readlineString()).isEqualTo("ready");
      Task<Integer> waiter = Async.createTask(p::waitFor);
      Async.sleep(0.01);
      waiter.cancel();
      assertThatThrownBy(waiter::await).isInstanceOf(CancelledException.class);
      return p.pid();
    });
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(ProcessHandle.of(pid)).as("process %d is gone", pid).isEmpty();
  }

  @Test
  void shellEnvCwdStderrAndExitCode(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("here.txt"), "x");
    Subprocess.Result r = IoLoops.run(() -> {
      ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", "ls; echo \"$GREETING\" >&2; exit 3").directory(dir.toFile());
      pb.environment().put("GREETING", "hi there");
      return Subprocess.start(pb).communicate(null);
    });
    assertThat(new String(r.stdout(), UTF_8)).isEqualTo("here.txt\n");
    assertThat(new String(r.stderr(), UTF_8)).isEqualTo("hi there\n");
    assertThat(r.exitCode()).isEqualTo(3);
  }

  @Test
  void streamsLineByLineAndSignals() {
    IoLoops.run(() -> {
      Subprocess p = Subprocess.exec("cat");
      p.stdin().write("one\ntwo\n");
      assertThat(p.stdout().readlineString()).isEqualTo("one");
      assertThat(p.stdout().readlineString()).isEqualTo("two");
      assertThat(p.returncode()).isNull();
      p.sendSignal("KILL");
      assertThat(p.waitFor()).isEqualTo(137);
      assertThat(p.returncode()).isEqualTo(137);
      return null;
    });
  }

  @Test
  void execTakesArgumentsLiterallyWithoutAShell() {
    Subprocess.Result r = IoLoops.run(() -> Subprocess.exec("echo", "$HOME; rm -rf /").communicate(null));
    assertThat(new String(r.stdout(), UTF_8)).isEqualTo("$HOME; rm -rf /\n");
  }

  @Test
  void aMissingProgramIsANamedError() {
    assertThatThrownBy(() -> IoLoops.run(() -> Subprocess.exec("/no/such/program")))
        .isInstanceOfSatisfying(ProgramNotFoundException.class,
            e -> assertThat(e.program()).isEqualTo("/no/such/program"))
        .hasMessageContaining("no such program: /no/such/program");
    assertThatThrownBy(() -> IoLoops.run(() -> Subprocess.exec("jasyncio-no-such-program", "x")))
        .isInstanceOf(ProgramNotFoundException.class).hasMessageContaining("not found on the PATH");
  }

  @Test
  void aMissingWorkingDirectoryIsNotAMissingProgram(@TempDir Path dir) {
    ProcessBuilder b = new ProcessBuilder("true").directory(dir.resolve("gone").toFile());
    assertThatThrownBy(() -> IoLoops.run(() -> Subprocess.start(b)))
        .isInstanceOf(ConnectionException.class).isNotInstanceOf(ProgramNotFoundException.class);
  }
}
