package dev.jasyncio.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Every peer the harness can start here, in column order. A peer whose runtime is missing is left
 * out with a message under the table. To add a JVM peer, add a {@link #jvm} line naming its
 * {@link Peer} class; a Python peer is a flavour of {@code bench/src/main/python/peer.py}.
 */
final class Peers {
  private final Path home;
  private final List<String> jvmFlags;
  private final List<String> messages;
  /** The harness's {@code --loops}: the jasyncio peers' LoopGroup size. */
  private final int loops;
  /** See {@link #minHeapFlag}. */
  private final String minHeapFlag;

  Peers(Path home, List<String> jvmFlags, List<String> messages, int loops) {
    this.home = home;
    this.jvmFlags = jvmFlags;
    this.messages = messages;
    this.loops = loops;
    this.minHeapFlag = minHeapFlag(java(), jvmFlags);
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  List<PeerProcess> all() throws Exception {
    List<PeerProcess> all = new ArrayList<>();
    String group = loops > 1 ? ", a LoopGroup of " + loops + " loops where the workload spreads" : "";
    all.add(jvm("jasyncio-carrier", "jasyncio, carrier backend" + group,
        List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED", "-Djasyncio.backend=carrier",
            "-Djasyncio.bench.loops=" + loops), "dev.jasyncio.bench.peers.JasyncioPeer"));
    all.add(jvm("jasyncio-portable", "jasyncio, portable backend" + group,
        List.of("-Djasyncio.backend=portable", "-Djasyncio.bench.loops=" + loops),
        "dev.jasyncio.bench.peers.JasyncioPeer"));
    all.add(jvm("vthreads", "JDK virtual threads + java.util.concurrent, blocking sockets",
        List.of(), "dev.jasyncio.bench.peers.VirtualThreadsPeer"));
    all.add(jvm("vthreads-1carrier", "the JVM's floor for one loop: two plain virtual threads on one"
            + " carrier thread, handing off by park and unpark alone",
        List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED"),
        "dev.jasyncio.bench.peers.OneCarrierFloorPeer"));
    all.add(jvm("jox", "Jox channels + structured scopes", List.of("--enable-preview"),
        "dev.jasyncio.bench.peers.jox.JoxPeer"));
    all.add(jvm("netty", "Netty " + io.netty.util.Version.identify().values().stream()
            .map(io.netty.util.Version::artifactVersion).findFirst().orElse("")
            + ", NIO transport, one event loop", List.of(), "dev.jasyncio.bench.peers.NettyPeer"));
    all.add(jvm("okhttp-vthreads", "OkHttp 5 on virtual threads, no jasyncio", List.of(),
        "dev.jasyncio.bench.peers.OkHttpPeer"));
    all.add(jvm("jdk-httpclient", "the JDK's java.net.http.HttpClient on virtual threads", List.of(),
        "dev.jasyncio.bench.peers.JdkHttpClientPeer"));
    all.add(jvm("jetty-vthreads", "Jetty 12.1 alone, handlers on JDK virtual threads", List.of(),
        "dev.jasyncio.bench.peers.JettyVirtualThreadsPeer"));
    python(all);
    go(all);
    messages.add("kotlinx.coroutines: not included (it needs the Kotlin compiler in the build)");
    return all;
  }

  private PeerProcess jvm(String name, String what, List<String> flags, String peerClass) {
    List<String> cmd = new ArrayList<>(List.of(java(), "-Xshare:auto",
        // What the launcher sets for jasyncio programs, given to every JVM peer alike.
        "-Djdk.trackAllThreads=false"));
    if (!minHeapFlag.isEmpty()) {
      cmd.add(minHeapFlag);
    }
    cmd.addAll(jvmFlags); // after ours: the last of a flag wins
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path")));
    cmd.addAll(flags);
    cmd.add(PeerMain.class.getName());
    cmd.add(peerClass);
    return new PeerProcess(name, what, cmd, true);
  }

  private void python(List<PeerProcess> all) throws Exception {
    String script = home.resolve("bench/src/main/python/peer.py").toString();
    String python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    String version = probe(python, "-c", "import sys; print(sys.version.split()[0])");
    if (version == null) {
      messages.add("asyncio, uvloop: skipped, no python3 found");
      return;
    }
    all.add(new PeerProcess("asyncio", "Python " + version + " asyncio",
        List.of(python, script, "asyncio"), false));
    for (String client : List.of("aiohttp", "httpx")) {
      String v = probe(python, "-c", "import " + client + "; print(" + client + ".__version__)");
      if (v != null) {
        all.add(new PeerProcess(client, "Python " + version + " asyncio with " + client + " " + v,
            List.of(python, script, client), false));
      } else {
        messages.add(client + ": skipped, python3-" + client + " is not installed");
      }
    }
    String uv = uvloopVersion(python);
    if (uv != null) {
      all.add(new PeerProcess("uvloop", "Python " + version + " uvloop " + uv,
          List.of(python, script, "uvloop"), false));
    }
  }

  /** uvloop's version; installs Debian's python3-uvloop first where it can (as root). */
  private String uvloopVersion(String python) throws Exception {
    String check = "import uvloop; print(uvloop.__version__)";
    String v = probe(python, "-c", check);
    if (v == null && python.equals("/usr/bin/python3") && isRoot() && onPath("apt-get")) {
      System.err.println("bench: installing python3-uvloop with apt-get ...");
      exec(List.of("apt-get", "install", "-y", "-q", "python3-uvloop"), null, 300);
      v = probe(python, "-c", check);
    }
    if (v == null) {
      messages.add("uvloop: skipped, python3-uvloop is not installed and could not be"
          + " (apt-get install python3-uvloop as root)");
    }
    return v;
  }

  /** Builds the Go peer (every .go file of bench/src/main/go) into bench/target. */
  private void go(List<PeerProcess> all) throws Exception {
    if (!onPath("go")) {
      messages.add("go: skipped, no Go toolchain (apt-get install golang-go)");
      return;
    }
    Path src = home.resolve("bench/src/main/go");
    Path bin = home.resolve("bench/target/go-peer");
    if (!Files.exists(bin) || newerThan(src, bin)) {
      Files.createDirectories(bin.getParent());
      if (exec(List.of("go", "build", "-o", bin.toString(), "."), src, 300) != 0) {
        messages.add("go: skipped, 'go build' of the Go peer failed");
        return;
      }
    }
    String version = probe("go", "version");
    all.add(new PeerProcess("go", version == null ? "Go" : version.replace("go version ", "").trim(),
        List.of(bin.toString()), false));
  }

  private static boolean newerThan(Path dir, Path file) throws IOException {
    var built = Files.getLastModifiedTime(file);
    try (var files = Files.list(dir)) {
      return files.anyMatch(f -> {
        try {
          return Files.getLastModifiedTime(f).compareTo(built) > 0;
        } catch (IOException e) {
          return true;
        }
      });
    }
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

  /**
   * {@code -XX:MinHeapSize=} the heap a fresh JVM starts with here, given the harness's
   * {@code --jvm} flags (by default its ergonomic initial size, 1/64 of memory), or "" if that
   * cannot be read. PeerMain collects the heap before each run, and
   * without a floor that collection shrinks it to a few MB, far below where any JVM starts: each
   * run would then pay to grow it back (at 100 k parked tasks, most of a run's time). With the
   * floor each run starts from the heap a freshly started program has; the sizes stay the JVM's
   * defaults, and {@code --jvm "-Xms..."} still sets them.
   */
  static String minHeapFlag(String java, List<String> jvmFlags) {
    List<String> cmd = new ArrayList<>(List.of(java));
    cmd.addAll(jvmFlags);
    cmd.addAll(List.of("-XX:+PrintFlagsFinal", "-version"));
    String out = output(cmd);
    // "size_t InitialHeapSize = 398458880 {product} {ergonomic}"
    return out == null ? "" : out.lines().map(l -> l.trim().split("\\s+"))
        .filter(f -> f.length > 3 && f[1].equals("InitialHeapSize"))
        .map(f -> "-XX:MinHeapSize=" + f[3]).findFirst().orElse("");
  }

  /** The first line a command prints, or null if it fails. */
  static String probe(String... cmd) {
    String out = output(List.of(cmd));
    return out == null || out.isBlank() ? null : out.trim().lines().findFirst().orElse("");
  }

  /** All a command prints (stdout and stderr), or null if it fails. */
  private static String output(List<String> cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return p.waitFor() == 0 ? out : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private static int exec(List<String> cmd, Path dir, int timeoutSeconds) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.INHERIT);
    if (dir != null) {
      pb.directory(dir.toFile());
    }
    Process p = pb.start();
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return -1;
    }
    return p.exitValue();
  }
}
