package dev.jasyncio.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./jasyncio bench [--quick] [--runs N] [--peers a,b] [--out FILE] [workload...]}: runs
 * every {@link Workload} in every peer it can find — jasyncio on both backends, plain virtual
 * threads, Jox, Python asyncio and uvloop, Go — each peer in a fresh process of its own, several
 * runs each, and prints one Markdown table of medians with each peer's ratio to jasyncio
 * (carrier), all from this one run. {@code --jmh [JMH options]} runs the JMH micro-benchmarks
 * instead.
 */
public final class Harness {
  private static final String REFERENCE = "jasyncio-carrier";

  private final Path home;
  private final boolean quick;
  private final int runsOverride;
  /** Extra flags for every JVM peer alike (heap sizing, GC). */
  private final List<String> jvmFlags;
  private final List<String> messages = new ArrayList<>();

  private Harness(Path home, boolean quick, int runsOverride, List<String> jvmFlags) {
    this.home = home;
    this.jvmFlags = jvmFlags;
    this.quick = quick;
    this.runsOverride = runsOverride;
  }

  /** How to start one peer's process for a workload. */
  private record PeerCommand(String name, String what, List<String> prefix, boolean jvm) {}

  /**
   * Entry point.
   *
   * @param args see the class comment
   * @throws Exception if the harness itself fails (a failing peer is reported in the table)
   */
  public static void main(String[] args) throws Exception {
    boolean quick = false;
    int runs = 0;
    String only = null;
    Path out = null;
    List<String> jvmFlags = List.of();
    List<Workload> workloads = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> quick = true;
        case "--runs" -> runs = Integer.parseInt(value(args, ++i, "--runs"));
        case "--peers" -> only = value(args, ++i, "--peers");
        case "--out" -> out = Path.of(value(args, ++i, "--out"));
        case "--jvm" -> jvmFlags = List.of(value(args, ++i, "--jvm").trim().split("\\s+"));
        case "--jmh" -> {
          org.openjdk.jmh.Main.main(Arrays.copyOfRange(args, i + 1, args.length));
          return;
        }
        case "-h", "--help" -> {
          usage();
          return;
        }
        default -> {
          if (args[i].startsWith("-")) {
            throw new IllegalArgumentException("unknown option " + args[i] + " (try --help)");
          }
          workloads.add(Workload.named(args[i]));
        }
      }
    }
    Path home = Path.of(System.getProperty("jasyncio.home", ".")).toAbsolutePath().normalize();
    Harness h = new Harness(home, quick, runs, jvmFlags);
    if (workloads.isEmpty()) {
      for (Workload w : Workload.ALL) {
        if (!quick || w.quickN() > 0) {
          workloads.add(w);
        }
      }
    }
    List<PeerCommand> peers = h.peers(only == null ? null : List.of(only.split(",")));
    String argLine = String.join(" ", Arrays.stream(args)
        .map(a -> a.contains(" ") ? "\"" + a + "\"" : a).toList());
    String table = h.run(peers, workloads, argLine);
    System.out.println(table);
    Path file = out != null ? out : home.resolve("bench/target/bench-results.md");
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, table);
    System.err.println("bench: table written to " + file);
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }

  private static void usage() {
    System.out.println("""
        usage: ./jasyncio bench [--quick] [--runs N] [--peers P1,P2] [--jvm "FLAGS"] [--out FILE] [WORKLOAD...]
               ./jasyncio bench --jmh [JMH options, e.g. -f 1 -wi 2 -i 3 SpawnAwait]
          --quick   smaller sizes for the slow workloads, fewer runs; under 3 minutes on 2 cores
          --jvm     extra flags for every JVM peer alike, e.g. --jvm "-Xms4g -Xmn2g"
          peers:    jasyncio-carrier jasyncio-portable vthreads jox asyncio uvloop go
          workloads:""");
    for (Workload w : Workload.ALL) {
      System.out.printf("            %-18s %s%n", w.id(), w.what());
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Peers

  private List<PeerCommand> peers(List<String> only) throws Exception {
    List<PeerCommand> all = new ArrayList<>();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String cp = System.getProperty("java.class.path");
    List<String> jvm = new ArrayList<>(List.of(java, "-Xshare:auto"));
    jvm.addAll(jvmFlags);
    jvm.addAll(List.of("-cp", cp));
    all.add(jvmPeer("jasyncio-carrier", "jasyncio, carrier backend", jvm,
        List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED", "-Djasyncio.backend=carrier"),
        "dev.jasyncio.bench.peers.JasyncioPeer"));
    all.add(jvmPeer("jasyncio-portable", "jasyncio, portable backend", jvm,
        List.of("-Djasyncio.backend=portable"), "dev.jasyncio.bench.peers.JasyncioPeer"));
    all.add(jvmPeer("vthreads", "JDK virtual threads + java.util.concurrent", jvm, List.of(),
        "dev.jasyncio.bench.peers.VirtualThreadsPeer"));
    all.add(jvmPeer("jox", "Jox channels + structured scopes", jvm, List.of("--enable-preview"),
        "dev.jasyncio.bench.peers.jox.JoxPeer"));
    String script = home.resolve("bench/src/main/python/asyncio_peer.py").toString();
    String python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    String pyVersion = probe(python, "-c", "import sys; print(sys.version.split()[0])");
    if (pyVersion != null) {
      all.add(new PeerCommand("asyncio", "Python " + pyVersion + " asyncio",
          List.of(python, script, "asyncio"), false));
      String uv = uvloopVersion(python);
      if (uv != null) {
        all.add(new PeerCommand("uvloop", "Python " + pyVersion + " uvloop " + uv,
            List.of(python, script, "uvloop"), false));
      }
    } else {
      messages.add("asyncio, uvloop: skipped, no python3 found");
    }
    String goPeer = goPeer();
    if (goPeer != null) {
      all.add(new PeerCommand("go", probe("go", "version").replace("go version ", "").trim(),
          List.of(goPeer), false));
    }
    messages.add("kotlinx.coroutines: not included (it needs the Kotlin compiler in the build)");
    if (only == null) {
      return all;
    }
    List<PeerCommand> chosen = new ArrayList<>();
    for (String name : only) {
      PeerCommand p = all.stream().filter(c -> c.name().equals(name.trim())).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("peer '" + name + "' is unknown or not"
              + " installed here; available: " + all.stream().map(PeerCommand::name).toList()));
      chosen.add(p);
    }
    return chosen;
  }

  private static PeerCommand jvmPeer(String name, String what, List<String> jvm, List<String> flags,
      String peerClass) {
    List<String> cmd = new ArrayList<>(jvm);
    cmd.addAll(flags);
    cmd.add(PeerMain.class.getName());
    cmd.add(peerClass);
    return new PeerCommand(name, what, cmd, true);
  }

  /** uvloop's version; installs Debian's python3-uvloop first where it can (as root). */
  private String uvloopVersion(String python) throws Exception {
    String check = "import uvloop; print(uvloop.__version__)";
    String v = probe(python, "-c", check);
    if (v == null && python.equals("/usr/bin/python3") && isRoot() && onPath("apt-get")) {
      System.err.println("bench: installing python3-uvloop with apt-get ...");
      exec(List.of("apt-get", "install", "-y", "-q", "python3-uvloop"), 300);
      v = probe(python, "-c", check);
    }
    if (v == null) {
      messages.add("uvloop: skipped, python3-uvloop is not installed and could not be"
          + " (apt-get install python3-uvloop as root)");
    }
    return v;
  }

  /** Builds the Go peer into bench/target; null with a message when there is no Go toolchain. */
  private String goPeer() throws Exception {
    if (!onPath("go")) {
      messages.add("go: skipped, no Go toolchain (apt-get install golang-go)");
      return null;
    }
    Path src = home.resolve("bench/src/main/go/peer.go");
    Path bin = home.resolve("bench/target/go-peer");
    if (!Files.exists(bin) || Files.getLastModifiedTime(bin).compareTo(Files.getLastModifiedTime(src)) < 0) {
      Files.createDirectories(bin.getParent());
      if (exec(List.of("go", "build", "-o", bin.toString(), src.toString()), 300) != 0) {
        messages.add("go: skipped, 'go build' of the Go peer failed");
        return null;
      }
    }
    return bin.toString();
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }

  /** The first line a command prints, or null if it fails. */
  private static String probe(String... cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return p.waitFor() == 0 && !out.isEmpty() ? out.lines().findFirst().orElse("") : null;
    } catch (IOException | InterruptedException e) {
      return null;
    }
  }

  private static int exec(List<String> cmd, int timeoutSeconds) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return -1;
    }
    return p.exitValue();
  }

  // ---------------------------------------------------------------------------------------------
  // Running

  private String run(List<PeerCommand> peers, List<Workload> workloads, String argLine)
      throws Exception {
    Instant start = Instant.now();
    Map<Workload, Map<String, PeerResult>> results = new LinkedHashMap<>();
    // one size per workload in this run, as the table shows it
    for (Workload w : workloads) {
      Map<String, PeerResult> row = new LinkedHashMap<>();
      results.put(w, row);
      for (PeerCommand p : peers) {
        System.err.printf("bench: %-18s %-18s ", w.id(), p.name());
        PeerResult r = runPeer(p, w);
        row.put(p.name(), r);
        System.err.println(r.na() != null ? "n/a: " + r.na()
            : String.format(Locale.ROOT, "median %s", seconds(r.median())));
      }
    }
    long took = ChronoUnit.SECONDS.between(start, Instant.now());
    List<Report.PeerInfo> infos = peers.stream().map(p -> new Report.PeerInfo(p.name(), p.what())).toList();
    return new Report(results, infos, REFERENCE, quick, argLine, took, messages).render();
  }

  private int size(Workload w) {
    return quick ? w.quickN() : w.n();
  }

  private PeerResult runPeer(PeerCommand p, Workload w) throws Exception {
    // --quick: fewer runs, and a warm-up only where there is a JIT to warm up
    int runs = runsOverride > 0 ? runsOverride : quick ? (w.isSleep() ? 2 : 3) : w.runs();
    int warmups = quick ? (p.jvm() ? (w.isSleep() ? 1 : w.warmups()) : 0) : w.warmups();
    List<String> cmd = new ArrayList<>(p.prefix());
    cmd.addAll(List.of(w.kind(), Integer.toString(size(w)), Integer.toString(warmups),
        Integer.toString(runs)));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    Process proc = pb.start();
    List<Double> times = new ArrayList<>();
    long rss = -1;
    long base = -1;
    String na = null;
    StringBuilder other = new StringBuilder();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(quick ? 90 : 900);
    Thread killer = Thread.ofPlatform().daemon().start(() -> {
      try {
        if (!proc.waitFor(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
          proc.destroyForcibly();
        }
      } catch (InterruptedException e) {
        // the peer finished
      }
    });
    try (BufferedReader in = new BufferedReader(new InputStreamReader(proc.getInputStream(),
        StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.startsWith("run ")) {
          times.add(Double.parseDouble(line.substring(4).trim()));
        } else if (line.startsWith("rss_kb ")) {
          rss = Long.parseLong(line.substring(7).trim());
        } else if (line.startsWith("base_kb ")) {
          base = Long.parseLong(line.substring(8).trim());
        } else if (line.startsWith("na ")) {
          na = line.substring(3).trim();
        } else if (!line.startsWith("check ") && other.length() < 2000) {
          other.append(line).append('\n');
        }
      }
    }
    int code = proc.waitFor();
    killer.interrupt();
    if (na == null && (code != 0 || times.isEmpty())) {
      String why = System.nanoTime() >= deadline ? "timed out" : "failed (exit " + code + ")";
      System.err.print("\n" + other);
      na = why;
    }
    double[] t = times.stream().mapToDouble(Double::doubleValue).toArray();
    return new PeerResult(t, rss, base, na, size(w));
  }

  static String seconds(double s) {
    return s >= 1 ? String.format(Locale.ROOT, "%.2f s", s)
        : String.format(Locale.ROOT, "%.1f ms", s * 1e3);
  }
}
