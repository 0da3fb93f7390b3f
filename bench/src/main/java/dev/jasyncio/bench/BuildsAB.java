package dev.jasyncio.bench;

import dev.jasyncio.bench.peers.JasyncioPeer;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.LongSupplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./jasyncio bench --ab WORKLOAD NAME=CLASSES NAME=CLASSES...}: two or more builds of
 * jasyncio's core side by side in one JVM, for a question too small for separate runs (is a
 * change 3 % slower?). Separate JVMs of one build differ by up to ±10 % here, as each JIT lands
 * differently; in one JVM the builds share the warm JDK, and alternating them round by round
 * cancels the machine's drift.
 *
 * <p>Each build gets a class loader of its own over its core classes and this module's
 * {@link JasyncioPeer}, and one loop. Every round runs each build's block ({@code --per-block}
 * loop runs of the workload on {@code --batch} items) in turn, alternating the order, after three
 * warm-up rounds. A block is timed in CPU time: the calling thread's on carrier, where the whole
 * loop runs on it, and the process's on portable. The report gives each build's median and
 * fastest block per operation, and each build's ratio to the first, round by round: the median
 * and interquartile range of those pairs.
 *
 * <pre>{@code
 * ./jasyncio bench --ab promisePingPong old=../old/core/target/classes new=core/target/classes
 * }</pre>
 */
@Command(name = "./jasyncio bench --ab", sortOptions = false, mixinStandardHelpOptions = true,
    description = "Compares builds of jasyncio's core in one JVM, alternating them round by round,"
        + " in CPU time per operation.")
public final class BuildsAB implements Callable<Integer> {
  private static final int WARM_UP_ROUNDS = 3;

  @Option(names = "--backend", defaultValue = "carrier", description = "carrier or portable")
  String backend;

  @Option(names = "--rounds", defaultValue = "40", description = "measured rounds (default 40)")
  int rounds;

  @Option(names = "--batch", defaultValue = "10000", description = "items per loop run (default 10000)")
  int batch;

  @Option(names = "--per-block", defaultValue = "20", description = "loop runs per block (default 20)")
  int perBlock;

  @Parameters(index = "0", paramLabel = "WORKLOAD",
      description = "a JasyncioPeer method that takes the batch size: spawn, promisePingPong, ...")
  String workload;

  @Parameters(index = "1..*", arity = "2..*", paramLabel = "NAME=CLASSES",
      description = "a build: its name and its core classes (directories or jars, joined with ':')")
  List<String> builds;

  /** One build, loaded and ready to run. */
  private record Build(String name, Object loop, Method run, Method body) {}

  /** One build's blocks: CPU and wall nanoseconds per operation, one pair per round. */
  record Timings(String name, double[] cpu, double[] wall) {}

  /**
   * Entry point.
   *
   * @param args see the class comment
   */
  public static void main(String[] args) {
    System.exit(new CommandLine(new BuildsAB()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    List<Timings> t = measure();
    System.out.print(report(t));
    return 0;
  }

  /** Loads every build and runs the rounds; the first build is the reference. */
  List<Timings> measure() throws Exception {
    CommandLine cmd = new CommandLine(this);
    if (rounds < 1 || batch < 1 || perBlock < 1) {
      throw new CommandLine.ParameterException(cmd, "--rounds, --batch and --per-block must be"
          + " at least 1, not " + rounds + ", " + batch + ", " + perBlock);
    }
    boolean carrier = switch (backend) {
      case "carrier" -> true;
      case "portable" -> false;
      default -> throw new CommandLine.ParameterException(cmd,
          "--backend must be carrier or portable, not '" + backend + "'");
    };
    List<Build> loaded = new ArrayList<>();
    for (String b : builds) {
      loaded.add(load(cmd, b));
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    LongSupplier cpuNanos = carrier ? threads::getCurrentThreadCpuTime : os::getProcessCpuTime;
    int n = loaded.size();
    double[][] cpu = new double[n][rounds];
    double[][] wall = new double[n][rounds];
    double ops = (double) batch * perBlock;
    for (int r = -WARM_UP_ROUNDS; r < rounds; r++) {
      for (int k = 0; k < n; k++) {
        int i = (r & 1) == 0 ? k : n - 1 - k; // alternate the order: neither build always goes first
        Build b = loaded.get(i);
        Callable<Object> body = () -> b.body().invoke(null, batch);
        long c0 = cpuNanos.getAsLong();
        long w0 = System.nanoTime();
        for (int j = 0; j < perBlock; j++) {
          runOnce(b, body);
        }
        long w = System.nanoTime() - w0;
        long c = cpuNanos.getAsLong() - c0;
        if (r >= 0) {
          cpu[i][r] = c / ops;
          wall[i][r] = w / ops;
        }
      }
    }
    for (Build b : loaded) {
      ((AutoCloseable) b.loop()).close();
    }
    List<Timings> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new Timings(loaded.get(i).name(), cpu[i], wall[i]));
    }
    return out;
  }

  private Build load(CommandLine cmd, String spec) throws Exception {
    int eq = spec.indexOf('=');
    if (eq <= 0 || eq == spec.length() - 1) {
      throw new CommandLine.ParameterException(cmd, "a build is NAME=CLASSES, not '" + spec + "'");
    }
    String name = spec.substring(0, eq);
    List<URL> urls = new ArrayList<>();
    for (String p : spec.substring(eq + 1).split(File.pathSeparator)) {
      Path path = Path.of(p);
      if (!Files.exists(path)) {
        throw new CommandLine.ParameterException(cmd, "build '" + name + "': no such file or directory: " + p);
      }
      urls.add(url(path));
    }
    // this module's peer code, linked against the build's core by the build's own loader
    urls.add(JasyncioPeer.class.getProtectionDomain().getCodeSource().getLocation());
    ClassLoader cl = new URLClassLoader("build-" + name, urls.toArray(URL[]::new),
        ClassLoader.getPlatformClassLoader());
    Class<?> loopClass;
    try {
      loopClass = cl.loadClass("dev.jasyncio.Loop");
    } catch (ClassNotFoundException e) {
      throw new CommandLine.ParameterException(cmd, "build '" + name + "': no jasyncio core in "
          + spec.substring(eq + 1) + " (no dev.jasyncio.Loop)");
    }
    Method body = Arrays.stream(cl.loadClass(JasyncioPeer.class.getName()).getMethods())
        .filter(m -> m.getName().equals(workload) && isWorkload(m))
        .findFirst()
        .orElseThrow(() -> new CommandLine.ParameterException(cmd, "no workload '" + workload
            + "': the workloads are JasyncioPeer's static methods that take the batch size: "
            + workloads()));
    Class<?> backendClass = cl.loadClass("dev.jasyncio.Backend");
    Object builder = loopClass.getMethod("builder").invoke(null);
    Object be = backendClass.getMethod("valueOf", String.class).invoke(null, backend.toUpperCase(Locale.ROOT));
    builder = builder.getClass().getMethod("backend", backendClass).invoke(builder, be);
    Object loop = builder.getClass().getMethod("build").invoke(builder);
    return new Build(name, loop, loopClass.getMethod("runUntilComplete", Callable.class), body);
  }

  private static URL url(Path p) {
    try {
      return p.toUri().toURL();
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException("not a usable path: " + p, e);
    }
  }

  private static void runOnce(Build b, Callable<Object> body) throws Exception {
    try {
      b.run().invoke(b.loop(), body);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException("build '" + b.name() + "' failed the workload", e.getCause());
    }
  }

  /** The workload names {@link JasyncioPeer} offers. */
  static String workloads() {
    return String.join(", ", Arrays.stream(JasyncioPeer.class.getMethods())
        .filter(BuildsAB::isWorkload).map(Method::getName).sorted().toList());
  }

  /** A workload: a static method of {@link JasyncioPeer} that takes the batch size. */
  private static boolean isWorkload(Method m) {
    return Modifier.isStatic(m.getModifiers()) && Arrays.equals(m.getParameterTypes(), new Class<?>[] {int.class});
  }

  /** The report: each build's medians, then each build's paired ratio to the first. */
  String report(List<Timings> t) {
    StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
        "ab: %s on %s, %d rounds of %d loop runs x %d (after %d warm-up rounds), CPU time per op%n",
        workload, backend, rounds, perBlock, batch, WARM_UP_ROUNDS));
    for (Timings x : t) {
      s.append(String.format(Locale.ROOT, "%-12s cpu median %8.1f ns  fastest %8.1f ns  wall median %8.1f ns%n",
          x.name(), PeerResult.median(x.cpu()), min(x.cpu()), PeerResult.median(x.wall())));
    }
    // the process's CPU clock ticks coarsely: a block too short for it is paired on wall time
    boolean coarse = t.stream().anyMatch(x -> min(x.cpu()) <= 0);
    if (coarse) {
      s.append("CPU time is too coarse for blocks this short: pairs are on wall time"
          + " (raise --batch or --per-block)\n");
    }
    Timings ref = t.get(0);
    for (Timings x : t.subList(1, t.size())) {
      double[] q = new double[rounds];
      for (int r = 0; r < rounds; r++) {
        q[r] = coarse ? x.wall()[r] / ref.wall()[r] : x.cpu()[r] / ref.cpu()[r];
      }
      Arrays.sort(q);
      s.append(String.format(Locale.ROOT, "paired %s/%s: median %.3f (IQR %.3f..%.3f)%n",
          x.name(), ref.name(), PeerResult.median(q), q[q.length / 4], q[(3 * q.length) / 4]));
    }
    return s.toString();
  }

  private static double min(double[] a) {
    return Arrays.stream(a).min().orElse(Double.NaN);
  }
}
