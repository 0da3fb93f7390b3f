package dev.jasyncio.examples;

import dev.jasyncio.Clock;
import dev.jasyncio.ExceptionContext;
import dev.jasyncio.Loop;
import dev.jasyncio.VirtualClock;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code ./jasyncio tour}: every lesson of the seed tutorials as a small program, run one after
 * another (or one by name), each with its title, its lesson, its own output and how long it took.
 *
 * <pre>
 * ./jasyncio tour                 run every example
 * ./jasyncio tour --list          list them
 * ./jasyncio tour NAME [ARGS...]  run one, e.g. ./jasyncio tour asyncq -p 2 -c 5
 * </pre>
 *
 * The command line has three forms and no options beyond {@code --list}, so it is parsed by hand
 * rather than with a library; an example with options of its own parses them itself
 * ({@link Example#withArgs}).
 */
public final class Tour {
  private Tour() {}

  /** Held so the level set on it in {@link #main} is not collected away. */
  private static final java.util.logging.Logger QUIET = java.util.logging.Logger.getLogger("dev.jasyncio");

  /**
   * How long an example took.
   *
   * @param loopSeconds time that passed on the loop's clock
   * @param realSeconds real time that passed
   * @param virtual whether the loop's clock was virtual
   */
  public record Elapsed(double loopSeconds, double realSeconds, boolean virtual) {}

  /**
   * Every example, in the order of the tour (seed 000 to 004).
   *
   * @return the examples
   */
  public static List<Example> examples() {
    return List.of(
        new Terms(), new Example1(), new Example2(), new Example3(), new Example4(),
        new Example5(), new Example6(), new Example7(),
        new HelloAsyncWorld(), new SomethingElse(), new FutureCallbacks(), new SyncInExecutor(),
        new ReadFiles(), new DownloadPages(),
        new Chess(), new CountSync(), new CountAsync(), new Chained(), new AsyncQueue(),
        new AsyncGenerators(), new GatherAsCompleted(), new LimitConcurrency(),
        new Hello1Hello2(), new Subprocesses(), new SlowUpstream(),
        new FindDivisibles(), new FindDivisiblesTasks(), new NeverAwaited(),
        new RealWorldSync1(), new RealWorldAsync1(), new RealWorldAsync2(), new RealWorldAsync3());
  }

  /**
   * The example called {@code name}.
   *
   * @param name its name
   * @return the example
   * @throws IllegalArgumentException if there is none, naming the known ones
   */
  public static Example find(String name) {
    for (Example e : examples()) {
      if (e.name().equals(name)) {
        return e;
      }
    }
    throw new IllegalArgumentException("no example named '" + name + "'; known: "
        + String.join(", ", examples().stream().map(Example::name).toList()));
  }

  /**
   * Runs {@code example} as the main task of a fresh loop on {@code clock}, printing its output
   * and the loop's reports (failures nobody retrieved, debug warnings) to {@code out}.
   *
   * @param example the example
   * @param out where it prints
   * @param clock the loop's clock: {@link Clock#system()} or a virtual one
   * @return how long it took
   */
  public static Elapsed run(Example example, PrintStream out, Clock clock) {
    Loop.Builder builder = Loop.builder().clock(clock)
        .exceptionHandler((loop, context) -> out.println(report(context)));
    if (example.debug()) {
      builder.debug(true);
    }
    long realStart = System.nanoTime();
    double start;
    double end;
    try (Loop loop = builder.build()) {
      start = loop.time();
      loop.runUntilComplete(() -> {
        example.run(out);
        return null;
      });
      end = loop.time();
    }
    return new Elapsed(end - start, (System.nanoTime() - realStart) / 1e9,
        clock instanceof VirtualClock);
  }

  /**
   * Runs {@code example} the way the tour does: in real time, unless its waits are too long
   * ({@link Example#virtualInTour()}).
   *
   * @param example the example
   * @param out where it prints
   * @return how long it took
   */
  public static Elapsed runInTour(Example example, PrintStream out) {
    return run(example, out, example.virtualInTour() ? Clock.virtual() : Clock.system());
  }

  /** A loop report in one or two lines, pointing at the example's own code when it can. */
  static String report(ExceptionContext c) {
    StringBuilder b = new StringBuilder("[loop report] ").append(c.message());
    if (c.task() != null && !c.message().contains("'" + c.task().getName() + "'")) {
      b.append(" (task '").append(c.task().getName()).append("')");
    }
    if (c.exception() != null) {
      b.append(": ").append(c.exception());
    }
    if (c.stack() != null) {
      Arrays.stream(c.stack())
          .filter(f -> f.getClassName().startsWith(Tour.class.getPackageName())
              && !f.getClassName().equals(Tour.class.getName()))
          .findFirst()
          .ifPresent(f -> b.append("\n[loop report]   at ").append(f));
    }
    return b.toString();
  }

  /**
   * Prints the header, output and elapsed time of one example.
   *
   * @param example the example
   * @param out where to print
   * @param index its place in the tour, from 1
   * @param count how many the tour runs
   * @return how long it took
   */
  static Elapsed show(Example example, PrintStream out, int index, int count) {
    out.printf("%n[%d/%d] %s  %s%n", index, count, example.name(), example.title());
    for (String line : wrap(example.lesson(), 96)) {
      out.println("  " + line);
    }
    out.println("  output:");
    PrintStream indented = new PrintStream(new Indent(out, "    "), true, StandardCharsets.UTF_8);
    Elapsed e = runInTour(example, indented);
    indented.flush();
    if (e.virtual()) {
      out.printf(Locale.ROOT, "  elapsed: %s on a virtual clock (%.2f s real)%n",
          human(e.loopSeconds()), e.realSeconds());
    } else {
      out.printf(Locale.ROOT, "  elapsed: %.2f s%n", e.realSeconds());
    }
    return e;
  }

  /** Seconds as {@code 3600.00 s (1.0 h)} when long. */
  static String human(double seconds) {
    String s = String.format(Locale.ROOT, "%.2f s", seconds);
    if (seconds >= 3600) {
      return s + String.format(Locale.ROOT, " (%.1f h)", seconds / 3600);
    }
    if (seconds >= 60) {
      return s + String.format(Locale.ROOT, " (%.1f min)", seconds / 60);
    }
    return s;
  }

  static List<String> wrap(String text, int width) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : text.split("\\s+")) {
      if (line.length() > 0 && line.length() + 1 + word.length() > width) {
        lines.add(line.toString());
        line.setLength(0);
      }
      if (line.length() > 0) {
        line.append(' ');
      }
      line.append(word);
    }
    if (line.length() > 0) {
      lines.add(line.toString());
    }
    return lines;
  }

  /** Indents every line written through it. */
  private static final class Indent extends FilterOutputStream {
    private final byte[] prefix;
    private boolean atLineStart = true;

    Indent(OutputStream out, String prefix) {
      super(out);
      this.prefix = prefix.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void write(int b) throws IOException {
      if (atLineStart) {
        out.write(prefix);
      }
      out.write(b);
      atLineStart = b == '\n';
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
      for (int i = off; i < off + len; i++) {
        write(b[i]);
      }
    }
  }

  /**
   * {@code ./jasyncio tour [--list | NAME [ARGS...]]}.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    // The tour prints the loop's reports itself; keep the log's INFO lines out of the output.
    QUIET.setLevel(java.util.logging.Level.WARNING);
    PrintStream out = System.out;
    List<String> rest = List.of(args);
    if (!rest.isEmpty() && (rest.get(0).equals("-h") || rest.get(0).equals("--help"))) {
      out.println("usage: ./jasyncio tour [--list | NAME [ARGS...]]");
      return;
    }
    if (!rest.isEmpty() && rest.get(0).equals("--list")) {
      for (Example e : examples()) {
        out.printf("%-22s %s%n", e.name(), e.title());
      }
      return;
    }
    if (!rest.isEmpty()) {
      Example e;
      try {
        e = find(rest.get(0)).withArgs(rest.subList(1, rest.size()));
      } catch (IllegalArgumentException bad) {
        System.err.println("jasyncio tour: " + bad.getMessage());
        System.exit(2);
        return;
      }
      show(e, out, 1, 1);
      return;
    }
    List<Example> all = examples();
    long t0 = System.nanoTime();
    out.printf("jasyncio tour: %d examples from the seed tutorials, on the %s backend%n", all.size(),
        dev.jasyncio.Backend.defaultBackend().name().toLowerCase(Locale.ROOT));
    List<String> failed = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      try {
        show(all.get(i), out, i + 1, all.size());
      } catch (RuntimeException e) { // one broken example must not hide the others
        out.println("  FAILED: " + e);
        failed.add(all.get(i).name());
      }
    }
    out.printf(Locale.ROOT, "%ntour: %d examples in %.1f s real time%n", all.size(),
        (System.nanoTime() - t0) / 1e9);
    if (!failed.isEmpty()) {
      out.println("tour: failed: " + String.join(", ", failed));
      System.exit(1);
    }
  }
}
