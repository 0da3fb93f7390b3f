package dev.jasyncio.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./jasyncio bench [--quick] [--runs N] [--peers a,b] [--jvm FLAGS] [--loops N]
 * [--out FILE] [workload...]}: runs every {@link Workload} in every peer that declares it — jasyncio on both
 * backends, plain virtual threads, Jox, Python asyncio and uvloop, Go, Netty — each peer in a fresh
 * process of its own, several runs each, and prints one Markdown table of medians with each peer's
 * ratio to jasyncio (carrier), all from this one run. {@code --jmh [JMH options]} runs the JMH
 * micro-benchmarks instead, and {@code --ab} compares builds of the core in one JVM ({@link BuildsAB}).
 *
 * <h2>Adding a workload</h2>
 *
 * <ol>
 *   <li>Describe it: a {@code Workload.named("my-work")...build()} constant in its family's list
 *       ({@link PrimitiveWorkloads}, {@link TcpWorkloads}, or a new {@code XxxWorkloads} class
 *       added to {@link Workloads#ALL}). Its sizes, units and legend live there and nowhere else.
 *   <li>JVM peers: one {@code .on(XxxWorkloads.MY_WORK, n -> body(n))} line in the peer's
 *       {@link Peer#workloads()}, and the body. A peer that does not declare a workload shows "–".
 *   <li>Python peers: a function in a {@code bench/src/main/python/workloads_*.py} module, keyed
 *       by the workload's name in that module's {@code WORKLOADS} dict ({@code peer.py} loads
 *       every such module; a module whose imports are missing is skipped).
 *   <li>The Go peer: a file in {@code bench/src/main/go} whose {@code init()} calls
 *       {@code register("my-work", body)}.
 *   <li>A server every peer shares (redis-server, an HTTP server): give the workload a
 *       {@link Service.Factory} ({@code .service(home -> ...)}). The harness starts it once
 *       before the workload's first peer, passes its {@link Service#address()} as each body's
 *       {@code service} argument (the peer's last command-line argument), and closes it after.
 * </ol>
 */
@Command(name = "./jasyncio bench", sortOptions = false,
    description = "Runs the comparison workloads in every peer installed here and prints one"
        + " Markdown table (also written to bench/target/bench-results.md).",
    footer = {"", "  ./jasyncio bench --jmh [JMH options, e.g. -f 1 -wi 2 -i 3 SpawnAwait]",
        "      runs the JMH micro-benchmarks instead (every argument after --jmh goes to JMH)",
        "  ./jasyncio bench --ab WORKLOAD NAME=CLASSES NAME=CLASSES... (--help for its options)",
        "      compares builds of the core in one JVM, alternating them (BuildsAB)"})
public final class Harness implements Callable<Integer> {
  private static final String REFERENCE = "jasyncio-carrier";
  /** The workloads the jasyncio peers spread over a LoopGroup under {@code --loops N}. */
  static final List<Workload> SPREADING = List.of(PrimitiveWorkloads.SPAWN,
      PrimitiveWorkloads.SEMAPHORE, PrimitiveWorkloads.SLEEP_100K, PrimitiveWorkloads.SLEEP_1M,
      TcpWorkloads.TCP_ECHO);
  /** Open files a peer process needs besides its workload's (JDK jars, pipes, the listener). */
  private static final int BASE_FILES = 512;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "print this help and exit")
  boolean help;

  @Option(names = "--quick", description = "smaller sizes for the slow workloads, fewer runs")
  boolean quick;

  @Option(names = "--runs", paramLabel = "N", description = "measured runs per peer and workload")
  int runsOverride;

  @Option(names = "--peers", paramLabel = "P1,P2", split = ",",
      description = "only these peers (default: every one installed here)")
  List<String> only;

  @Option(names = "--jvm", paramLabel = "FLAGS",
      description = "extra flags for every JVM peer alike, e.g. --jvm \"-Xms4g -Xmn2g\"")
  String jvmFlags;

  @Option(names = "--loops", paramLabel = "N", description = "jasyncio peers run spawn, semaphore,"
      + " sleep-100k, sleep-1m and tcp-echo on a LoopGroup of N loops (default 1: one loop)")
  int loops = 1;

  @Option(names = "--out", paramLabel = "FILE", description = "where to write the table")
  Path out;

  @Option(names = "--list", description = "list the workloads and which peers run each, then exit")
  boolean list;

  @Parameters(paramLabel = "WORKLOAD", arity = "0..*",
      description = "workloads to run (default: all; under --quick, all with a quick size)")
  List<String> workloadNames = new ArrayList<>();

  private List<Workload> workloads;

  private Path home;
  private String argLine;
  private final List<String> messages = new ArrayList<>();

  /**
   * Entry point.
   *
   * @param args see the class comment
   * @throws Exception if JMH fails
   */
  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("--ab")) {
      BuildsAB.main(Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    int jmh = Arrays.asList(args).indexOf("--jmh");
    if (jmh >= 0) {
      org.openjdk.jmh.Main.main(Arrays.copyOfRange(args, jmh + 1, args.length));
      return;
    }
    Harness h = new Harness();
    h.argLine = String.join(" ", Arrays.stream(args)
        .map(a -> a.contains(" ") ? "\"" + a + "\"" : a).toList());
    System.exit(new CommandLine(h).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    home = Path.of(System.getProperty("jasyncio.home", ".")).toAbsolutePath().normalize();
    List<String> flags = jvmFlags == null || jvmFlags.isBlank() ? List.of()
        : List.of(jvmFlags.trim().split("\\s+"));
    if (loops < 1) {
      throw new CommandLine.ParameterException(new CommandLine(this),
          "--loops must be at least 1, not " + loops);
    }
    if (loops > 1) {
      messages.add("--loops " + loops + ": the jasyncio peers ran " + String.join(", ",
          SPREADING.stream().map(Workload::id).toList()) + " on a LoopGroup of " + loops
          + " loops (each loop n / " + loops + "; semaphore as " + loops + " independent"
          + " semaphores; one group kept for the peer process), every other workload on one"
          + " loop; vthreads, jox and go use every core"
          + " anyway, netty one event loop, asyncio, uvloop and the Python clients one thread");
    }
    List<PeerProcess> peers = choose(new Peers(home, flags, messages, loops).all());
    Map<PeerProcess, Set<Workload>> supports = supports(peers);
    if (list) {
      for (Workload w : Workloads.ALL) {
        System.out.printf("%-18s %s%n%18s peers: %s%n", w.id(), w.what(), "", String.join(" ",
            peers.stream().filter(p -> supports.get(p).contains(w)).map(PeerProcess::name).toList()));
      }
      return 0;
    }
    workloads = new ArrayList<>();
    for (String name : workloadNames) {
      try {
        workloads.add(Workloads.named(name));
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(new CommandLine(this), e.getMessage());
      }
    }
    if (workloads.isEmpty()) {
      workloads = Workloads.ALL.stream().filter(w -> !quick || w.quickN() > 0).toList();
    }
    String table = run(peers, supports);
    System.out.println(table);
    Path file = out != null ? out : home.resolve("bench/target/bench-results.md");
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, table);
    System.err.println("bench: table written to " + file);
    return 0;
  }

  private List<PeerProcess> choose(List<PeerProcess> all) {
    if (only == null) {
      return all;
    }
    List<PeerProcess> chosen = new ArrayList<>();
    for (String name : only) {
      chosen.add(all.stream().filter(p -> p.name().equals(name.trim())).findFirst()
          .orElseThrow(() -> new CommandLine.ParameterException(new CommandLine(this),
              "peer '" + name + "' is unknown or not installed here; available: "
                  + all.stream().map(PeerProcess::name).toList())));
    }
    return chosen;
  }

  /** Asks each peer process which workloads it declares ({@code --list}), all at once. */
  private Map<PeerProcess, Set<Workload>> supports(List<PeerProcess> peers) throws Exception {
    Map<PeerProcess, Process> listing = new LinkedHashMap<>();
    for (PeerProcess p : peers) {
      List<String> cmd = new ArrayList<>(p.command());
      cmd.add("--list");
      listing.put(p, new ProcessBuilder(cmd).redirectErrorStream(true).start());
    }
    Map<PeerProcess, Set<Workload>> supports = new LinkedHashMap<>();
    for (Map.Entry<PeerProcess, Process> e : listing.entrySet()) {
      Set<Workload> declared = new LinkedHashSet<>();
      String output = new String(e.getValue().getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      for (String line : output.lines().toList()) {
        if (line.startsWith("supports ")) {
          String id = line.substring(9).trim();
          Workloads.ALL.stream().filter(w -> w.id().equals(id)).findFirst().ifPresentOrElse(
              declared::add, () -> messages.add(e.getKey().name() + " declares '" + id
                  + "', which the harness does not know"));
        }
      }
      if (e.getValue().waitFor() != 0) {
        messages.add(e.getKey().name() + ": could not list its workloads: "
            + output.lines().limit(3).toList());
      }
      supports.put(e.getKey(), declared);
    }
    return supports;
  }

  // ---------------------------------------------------------------------------------------------
  // Running

  private String run(List<PeerProcess> peers, Map<PeerProcess, Set<Workload>> supports)
      throws Exception {
    Instant start = Instant.now();
    Map<Workload, Map<String, PeerResult>> results = new LinkedHashMap<>();
    for (Workload w : workloads) {
      List<PeerProcess> running = peers.stream().filter(p -> supports.get(p).contains(w)).toList();
      if (running.isEmpty()) {
        messages.add(w.id() + ": no peer chosen here runs it");
        continue;
      }
      Map<String, PeerResult> row = new LinkedHashMap<>();
      results.put(w, row);
      int n = fitToOpenFiles(w);
      Service service = null;
      try {
        if (w.service() != null) {
          service = w.service().start(home);
          System.err.println("bench: " + w.id() + ": service at " + service.address());
        }
        for (PeerProcess p : running) {
          System.err.printf("bench: %-18s %-18s ", w.id(), p.name());
          PeerResult r = runPeer(p, w, n, service == null ? null : service.address());
          row.put(p.name(), r);
          System.err.println(r.na() != null ? "n/a: " + r.na()
              : String.format(Locale.ROOT, "median %s", seconds(r.median())));
        }
      } catch (Exception e) {
        messages.add(w.id() + ": its service failed: " + e);
      } finally {
        if (service != null) {
          service.close();
        }
      }
    }
    long took = ChronoUnit.SECONDS.between(start, Instant.now());
    List<Report.PeerInfo> infos = peers.stream()
        .map(p -> new Report.PeerInfo(p.name(), p.what())).toList();
    return new Report(results, infos, REFERENCE, quick, argLine, took, messages).render();
  }

  /**
   * The workload's size, made to fit the open-file hard limit (which a process cannot raise);
   * says so when it had to shrink it.
   */
  private int fitToOpenFiles(Workload w) {
    int n = quick ? w.quickN() : w.n();
    if (w.filesPerItem() == 0) {
      return n;
    }
    long hard = openFileLimit("-Hn");
    long fits = (hard - BASE_FILES) / w.filesPerItem();
    if (hard > 0 && fits < n) {
      int shrunk = (int) (fits / 100 * 100);
      messages.add(String.format(Locale.ROOT, "%s: ran %,d %ss, not %,d: they need %,d open files"
              + " in one process and the hard limit here is %,d (ulimit -Hn)", w.id(), shrunk,
          w.unit(), n, (long) n * w.filesPerItem() + BASE_FILES, hard));
      return shrunk;
    }
    return n;
  }

  private static long openFileLimit(String flag) {
    String v = Peers.probe("sh", "-c", "ulimit " + flag);
    try {
      return v == null || v.equals("unlimited") ? Long.MAX_VALUE / 4 : Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private PeerResult runPeer(PeerProcess p, Workload w, int n, String service) throws Exception {
    // --quick: fewer runs, and a warm-up only where there is a JIT to warm up
    boolean oneShot = w.runs() <= 3;
    int runs = runsOverride > 0 ? runsOverride : quick ? (oneShot ? 2 : 3) : w.runs();
    int warmups = quick ? (p.jvm() ? (oneShot ? 1 : w.warmups()) : 0) : w.warmups();
    // A full run also warms up for the workload's least time (a second unless it says more),
    // whatever the count: three runs of a 20 ms workload end while the JIT is still compiling it
    // (the first measured runs of a two-loop spawn took 1.3 to 3.4 times its steady state).
    String warmArg = quick || warmups == 0 ? Integer.toString(warmups)
        : warmups + "/" + w.warmSeconds();
    List<String> cmd = new ArrayList<>();
    if (w.filesPerItem() > 0) {
      // raise the soft open-file limit of the peer (Python keeps the inherited one)
      long files = Math.min(openFileLimit("-Hn"), (long) n * w.filesPerItem() + BASE_FILES);
      cmd.addAll(List.of("sh", "-c", "ulimit -n " + files + " && exec \"$@\"", "peer"));
    }
    cmd.addAll(p.command());
    cmd.addAll(List.of(w.id(), Integer.toString(n), warmArg, Integer.toString(runs)));
    if (service != null) {
      cmd.add(service);
    }
    Process proc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
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
    return new PeerResult(t, rss, base, na, n);
  }

  static String seconds(double s) {
    return s >= 1 ? String.format(Locale.ROOT, "%.2f s", s)
        : String.format(Locale.ROOT, "%.1f ms", s * 1e3);
  }
}
