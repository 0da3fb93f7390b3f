package dev.jasyncio.examples;

import dev.jasyncio.Async;
import dev.jasyncio.io.Subprocess;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Seed 003: subprocesses run concurrently. */
public final class Subprocesses implements Example {
  private final String sleepSeconds;

  /** The seed's commands: {@code sleep 1} and {@code echo hello}. */
  public Subprocesses() {
    this("1");
  }

  /**
   * A run whose sleeping command sleeps {@code sleepSeconds}.
   *
   * @param sleepSeconds the argument of {@code sleep}
   */
  public Subprocesses(String sleepSeconds) {
    this.sleepSeconds = sleepSeconds;
  }

  @Override
  public String name() {
    return "subprocess";
  }

  @Override
  public String title() {
    return "seed 003: subprocesses run concurrently";
  }

  @Override
  public String lesson() {
    return "Each command runs in a task: Subprocess.communicate reads its output and waits for its"
        + " exit suspending only that task, so 'echo hello' is done while 'sleep 1' still runs, and"
        + " both take 1 s together.";
  }

  static String runCmd(PrintStream out, List<String> cmd) {
    out.println("Executing: " + String.join(" ", cmd));
    Subprocess process = Subprocess.exec(cmd); // create_subprocess_exec(*cmd, stdout=PIPE)
    Subprocess.Result result = process.communicate(null);
    String text = new String(result.stdout(), StandardCharsets.UTF_8);
    out.println("Done with " + String.join(" ", cmd) + ": " + text.strip());
    return text;
  }

  @Override
  public void run(PrintStream out) {
    Async.gather(
        Async.createTask(() -> runCmd(out, List.of("sleep", sleepSeconds))),
        Async.createTask(() -> runCmd(out, List.of("echo", "hello"))));
  }
}
