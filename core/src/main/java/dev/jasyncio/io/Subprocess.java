package dev.jasyncio.io;

import dev.jasyncio.Async;
import dev.jasyncio.CancelScope;
import dev.jasyncio.CancelledException;
import dev.jasyncio.Loop;
import dev.jasyncio.LoopClosedException;
import dev.jasyncio.Promise;
import dev.jasyncio.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A child process with its standard streams as jasyncio streams: asyncio's
 * {@code create_subprocess_exec} / {@code create_subprocess_shell} and {@code Process}.
 *
 * <pre>{@code
 * Subprocess p = Subprocess.exec("sort");
 * Subprocess.Result r = p.communicate("b\na\n".getBytes());
 * // r.stdout() is "a\nb\n", r.exitCode() is 0
 * }</pre>
 *
 * <p>Environment, working directory and redirections come from a JDK {@link ProcessBuilder}
 * ({@link #start(ProcessBuilder)}): a stream left as {@link ProcessBuilder.Redirect#PIPE} (the
 * default) becomes a stream here.
 *
 * <h2>Nothing outlives its loop</h2>
 * If the task waiting in {@link #waitFor()} or {@link #communicate} is cancelled, the process and
 * the processes it started are terminated (SIGTERM), killed (SIGKILL) after the grace period
 * ({@link #killAfter(Duration)}, 2 s by default) if still alive, and reaped before the wait
 * throws. A subprocess nobody awaits is watched by a task of its loop, so closing the loop (the
 * end of {@link Async#run}) does the same to every child still running, and a JVM shutdown hook
 * kills whatever is left when the JVM exits.
 */
public final class Subprocess {
  /**
   * What {@link #communicate} returns.
   *
   * @param stdout everything the process wrote to stdout (empty if not piped)
   * @param stderr everything it wrote to stderr (empty if not piped)
   * @param exitCode its exit code
   */
  public record Result(byte[] stdout, byte[] stderr, int exitCode) {}

  private final Process process;
  private final StreamWriter stdin;
  private final StreamReader stdout;
  private final StreamReader stderr;
  private Duration killAfter = Duration.ofSeconds(2);
  /** Watches the process for its loop: cancelled by the loop's shutdown, it stops and reaps it. */
  private final Task<Void> watcher;

  private Subprocess(Process process, ProcessBuilder pb) {
    this.process = process;
    String name = "pid" + process.pid();
    this.stdin = pb.redirectInput() == ProcessBuilder.Redirect.PIPE
        ? writerOf(new PipeTransport(name + "-stdin", null, process.getOutputStream())) : null;
    this.stdout = pb.redirectOutput() == ProcessBuilder.Redirect.PIPE
        ? readerOf(new PipeTransport(name + "-stdout", process.getInputStream(), null)) : null;
    this.stderr = pb.redirectError() == ProcessBuilder.Redirect.PIPE && !pb.redirectErrorStream()
        ? readerOf(new PipeTransport(name + "-stderr", process.getErrorStream(), null)) : null;
    Live.add(process);
    this.watcher = Async.createTask(this::watch, name + "-watcher");
  }

  /** The watcher's body: ends when the process exits; cancelled first, it stops the process. */
  private void watch() {
    Promise<Void> exited = Async.createPromise();
    Loop loop = Async.currentLoop();
    process.onExit().thenRun(() -> {
      try {
        loop.callSoonThreadsafe(() -> {
          if (!exited.isDone()) {
            exited.setResult(null);
          }
        });
      } catch (LoopClosedException closed) {
        // the loop's shutdown has stopped the process already
      }
    });
    try {
      exited.await(); // not an external wait: virtual time goes on while the process runs
    } catch (CancelledException c) {
      stopAndReap();
      throw c;
    }
  }

  private static StreamWriter writerOf(Transport t) {
    StreamWriter w = new StreamWriter(t, StreamOptions.defaults());
    t.writer = w;
    t.start();
    return w;
  }

  private static StreamReader readerOf(Transport t) {
    StreamReader r = new StreamReader(StreamReader.DEFAULT_LIMIT);
    t.reader = r;
    t.start();
    return r;
  }

  /**
   * Starts {@code program} with {@code args}, no shell, all three streams piped; asyncio's
   * {@code create_subprocess_exec}.
   *
   * @param command the program and its arguments
   * @return the process
   * @throws ProgramNotFoundException if there is no such program
   * @throws ConnectionException if it cannot be started otherwise
   */
  public static Subprocess exec(String... command) {
    Objects.requireNonNull(command, "command");
    return exec(java.util.Arrays.asList(command));
  }

  /**
   * Starts a command given as a list, no shell, all three streams piped.
   *
   * @param command the program and its arguments
   * @return the process
   */
  public static Subprocess exec(List<String> command) {
    Objects.requireNonNull(command, "command");
    if (command.isEmpty()) {
      throw new IllegalArgumentException("Subprocess.exec needs the program to run: the command is empty");
    }
    for (String arg : command) {
      Objects.requireNonNull(arg, "Subprocess.exec: an argument of the command is null");
    }
    return start(new ProcessBuilder(command));
  }

  /**
   * Runs {@code command} through {@code /bin/sh -c}, all streams piped; asyncio's
   * {@code create_subprocess_shell}. Quote anything that came from outside.
   *
   * @param command the shell command line
   * @return the process
   */
  public static Subprocess shell(String command) {
    return start(new ProcessBuilder("/bin/sh", "-c", Objects.requireNonNull(command, "command")));
  }

  /**
   * Starts a process as {@code builder} describes (command, environment, working directory,
   * redirections); piped streams become streams here.
   *
   * @param builder the JDK process builder
   * @return the process
   */
  public static Subprocess start(ProcessBuilder builder) {
    Objects.requireNonNull(builder, "builder");
    Process p = Blocking.pool("start " + builder.command(), () -> startNamingAMissingProgram(builder));
    return new Subprocess(p, builder);
  }

  /** {@code builder.start()}; "no such program" (errno 2, ENOENT) gets its own error. */
  private static Process startNamingAMissingProgram(ProcessBuilder builder) throws java.io.IOException {
    try {
      return builder.start();
    } catch (java.io.IOException e) {
      boolean dirMissing = builder.directory() != null && !builder.directory().isDirectory();
      String m = String.valueOf(e.getMessage()); // "error=2," or, on newer JDKs, "error: 2 ("
      if (!dirMissing && (m.contains("error=2,") || m.contains("error: 2 "))) {
        throw new ProgramNotFoundException(builder.command().getFirst(), e);
      }
      throw e;
    }
  }

  /**
   * The process id.
   *
   * @return the pid
   */
  public long pid() {
    return process.pid();
  }

  /**
   * The process's stdin, if piped.
   *
   * @return the writer, or {@code null}
   */
  public StreamWriter stdin() {
    return stdin;
  }

  /**
   * The process's stdout, if piped.
   *
   * @return the reader, or {@code null}
   */
  public StreamReader stdout() {
    return stdout;
  }

  /**
   * The process's stderr, if piped separately.
   *
   * @return the reader, or {@code null}
   */
  public StreamReader stderr() {
    return stderr;
  }

  /**
   * Sets how long a cancelled wait gives the process after SIGTERM before SIGKILL.
   *
   * @param grace the grace period
   * @return this
   */
  public Subprocess killAfter(Duration grace) {
    this.killAfter = Objects.requireNonNull(grace, "grace");
    return this;
  }

  /**
   * {@link #killAfter(Duration)} in seconds.
   *
   * @param grace the grace period, in seconds, not negative
   * @return this
   */
  public Subprocess killAfter(double grace) {
    if (!(grace >= 0)) {
      throw new IllegalArgumentException("killAfter needs a non-negative number of seconds, not " + grace);
    }
    return killAfter(Double.isInfinite(grace) ? Duration.ofSeconds(Long.MAX_VALUE) : Duration.ofNanos((long) (grace * 1e9)));
  }

  /**
   * The exit code if the process has ended; asyncio's {@code returncode}.
   *
   * @return the code, or {@code null} while it runs
   */
  public Integer returncode() {
    return process.isAlive() ? null : process.exitValue();
  }

  /**
   * Waits for the process to end; asyncio's {@code wait}. Does not read its output: with piped
   * output that nobody reads, a chatty process blocks on a full pipe; use {@link #communicate}.
   *
   * @return the exit code
   * @throws CancelledException if the calling task is cancelled: the process is terminated,
   *     then killed after the grace period
   */
  public int waitFor() {
    try {
      Async.await(process.onExit());
    } catch (CancelledException c) {
      stopAndReap();
      throw c;
    }
    if (!watcher.isDone()) {
      watcher.cancel(); // the process is gone: the watcher has nothing left to do
    }
    return process.exitValue();
  }

  /**
   * Sends {@code input} to stdin and closes it, reads stdout and stderr to the end, and waits for
   * the process; asyncio's {@code communicate}. Writing and reading run concurrently, so a
   * process with large output cannot deadlock against a full pipe.
   *
   * @param input bytes for stdin, or {@code null} to send none (stdin is still closed)
   * @return the output and exit code
   * @throws dev.jasyncio.ExceptionGroup if writing or reading failed: the other streams' tasks
   *     were cancelled and awaited, and the process was stopped as on cancellation
   * @throws CancelledException if the calling task is cancelled: the process is stopped and
   *     reaped first
   */
  public Result communicate(byte[] input) {
    byte[][] outputs = new byte[2][];
    try {
      // one group for the helpers: if one fails, the others are cancelled and awaited (and on
      // cancellation all of them), so none keeps running after communicate returns or throws
      Async.taskGroup(tg -> {
        if (stdin != null) {
          tg.createTask(() -> {
            try {
              if (input != null && input.length > 0) {
                stdin.write(input);
                stdin.drain();
              }
            } catch (ConnectionResetException ignored) {
              // the process exited without reading all of it, as asyncio ignores BrokenPipeError
            }
            stdin.close();
          }, "pid" + process.pid() + "-stdin");
        }
        if (stdout != null) {
          tg.createTask(() -> {
            outputs[0] = stdout.read(-1);
          }, "pid" + process.pid() + "-stdout");
        }
        if (stderr != null) {
          tg.createTask(() -> {
            outputs[1] = stderr.read(-1);
          }, "pid" + process.pid() + "-stderr");
        }
      });
      byte[] o = outputs[0] != null ? outputs[0] : new byte[0];
      byte[] e = outputs[1] != null ? outputs[1] : new byte[0];
      return new Result(o, e, waitFor());
    } catch (CancelledException | dev.jasyncio.ExceptionGroup c) {
      stopAndReap();
      throw c;
    }
  }

  /** SIGTERM; asyncio's {@code terminate}. */
  public void terminate() {
    process.destroy();
  }

  /** SIGKILL; asyncio's {@code kill}. */
  public void kill() {
    process.destroyForcibly();
  }

  /**
   * Sends a signal by name, e.g. {@code "HUP"} or {@code "USR1"}; asyncio's {@code send_signal}.
   * The JDK can send only TERM and KILL itself; other signals go through the {@code kill} command.
   *
   * @param name the signal's name without {@code SIG}
   */
  public void sendSignal(String name) {
    String n = name.toUpperCase(java.util.Locale.ROOT).replaceFirst("^SIG", "");
    if (!n.matches("[A-Z0-9]+")) {
      throw new IllegalArgumentException("not a signal name: " + name);
    }
    switch (n) {
      case "TERM" -> terminate();
      case "KILL" -> kill();
      default -> {
        int code = Blocking.pool("kill -" + n, () -> {
          try {
            return new ProcessBuilder("kill", "-s", n, Long.toString(process.pid())).start().waitFor();
          } catch (InterruptedException e) {
            throw new java.io.InterruptedIOException("kill interrupted");
          }
        });
        if (code != 0) {
          throw new IllegalArgumentException("kill -s " + n + " " + process.pid() + " failed with " + code);
        }
      }
    }
  }

  /** Terminates, then kills after the grace period; the JDK reaps the process. */
  /**
   * Terminates the process and every process it started, kills what is still alive after the
   * grace period, and waits until they are gone; shielded, so a cancelled caller waits too. The
   * one way a subprocess is stopped: a cancelled wait and the loop's shutdown both end here.
   */
  private void stopAndReap() {
    if (!process.isAlive()) {
      return;
    }
    List<ProcessHandle> tree = new ArrayList<>();
    process.descendants().forEach(tree::add); // before the parent dies and they are re-parented
    tree.add(process.toHandle());
    CancelScope.shielded().run(() -> {
      tree.forEach(ProcessHandle::destroy);
      Async.await(allExited(tree).completeOnTimeout(null, killAfter.toMillis(), TimeUnit.MILLISECONDS));
      for (ProcessHandle h : tree) {
        if (h.isAlive()) {
          h.destroyForcibly();
        }
      }
      Async.await(allExited(tree)); // SIGKILL cannot be ignored: this is short
    });
  }

  private static CompletableFuture<Void> allExited(List<ProcessHandle> tree) {
    return CompletableFuture.allOf(tree.stream().map(ProcessHandle::onExit)
        .toArray(CompletableFuture<?>[]::new));
  }

  /** The children of every loop still alive, for the JVM shutdown hook. */
  private static final class Live {
    private static final Set<ProcessHandle> PROCESSES = ConcurrentHashMap.newKeySet();

    static {
      Runtime.getRuntime().addShutdownHook(new Thread(Live::killAll, "jasyncio-subprocess-reaper"));
    }

    static void add(Process p) {
      ProcessHandle h = p.toHandle();
      PROCESSES.add(h);
      h.onExit().thenRun(() -> PROCESSES.remove(h));
    }

    private static void killAll() {
      for (ProcessHandle h : PROCESSES) {
        h.descendants().forEach(ProcessHandle::destroyForcibly);
        h.destroyForcibly();
      }
    }
  }

  @Override
  public String toString() {
    return "Subprocess[pid " + process.pid() + (process.isAlive() ? ", running" : ", exit " + process.exitValue()) + "]";
  }
}
