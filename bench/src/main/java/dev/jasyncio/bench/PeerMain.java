package dev.jasyncio.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs one workload of one JVM peer in this JVM and prints the peer line protocol the
 * {@link Harness} reads. The Python and Go peers print the same lines:
 *
 * <pre>
 * PEER --list                                   prints "supports ID" per declared workload
 * PEER WORKLOAD N WARMUPS RUNS [SERVICE]        runs it and prints:
 *   run SECONDS        one line per measured run (warm-up runs print nothing)
 *   rss_kb KB          peak resident set size of the process (VmHWM) at the end
 *   base_kb KB         resident set size before the first run
 *   check N            the sum of the runs' checksums
 *   na REASON          instead of all of the above, when the peer cannot run the workload
 * </pre>
 *
 * <p>WARMUPS is a count, or {@code COUNT/SECONDS}: at least COUNT warm-up runs, and more until
 * SECONDS have passed. Three runs of a 20 ms workload leave the JIT compiling through the first
 * measured runs; a second of warm-up lets every runtime reach its steady state.
 *
 * <p>Here PEER is {@code PeerMain PEER_CLASS}. Each run starts from a collected heap
 * ({@code System.gc()} before it), as each Python run starts with its objects freed: without it,
 * a sleep run's million promoted tasks slow the next run down. The harness gives every JVM peer a
 * floor for the heap at the size a fresh JVM starts with, so that this collection does not also
 * shrink it below that (see {@code Peers}); {@code --jvm "-Xms..."} fixes the heap's size.
 */
public final class PeerMain {
  private PeerMain() {}

  /**
   * Entry point.
   *
   * @param args peer class, then {@code --list} or workload, size, warm-up runs, measured runs
   *     and optionally the service address
   * @throws Exception if the workload fails
   */
  public static void main(String[] args) throws Exception {
    if (args.length == 2 && args[1].equals("--list")) {
      for (Workload w : peer(args[0]).workloads().asMap().keySet()) {
        System.out.println("supports " + w.id());
      }
      return;
    }
    if (args.length != 5 && args.length != 6) {
      throw new IllegalArgumentException(
          "usage: PeerMain PEER_CLASS --list | PEER_CLASS WORKLOAD N WARMUPS RUNS [SERVICE]");
    }
    long baseKb = procStatusKb("VmRSS");
    Peer peer = peer(args[0]);
    Bodies.Body body = peer.workloads().asMap().get(Workloads.named(args[1]));
    if (body == null) {
      System.out.println("na not written for this peer: " + args[1]);
      return;
    }
    int n = Integer.parseInt(args[2]);
    String[] warm = args[3].split("/", 2);
    int warmups = Integer.parseInt(warm[0]);
    long warmNanos = warm.length == 2 ? (long) (Double.parseDouble(warm[1]) * 1e9) : 0;
    int runs = Integer.parseInt(args[4]);
    String service = args.length == 6 ? args[5] : null;
    long check = 0;
    try {
      long warmStart = System.nanoTime();
      for (int i = 0; i < warmups || System.nanoTime() - warmStart < warmNanos; i++) {
        check += body.run(n, service);
        System.gc();
      }
      for (int i = 0; i < runs; i++) {
        long t0 = System.nanoTime();
        check += body.run(n, service);
        long t1 = System.nanoTime();
        System.out.println("run " + (t1 - t0) / 1e9);
        System.out.flush();
        System.gc();
      }
    } catch (UnsupportedOperationException e) {
      System.out.println("na " + e.getMessage());
      return;
    } finally {
      if (peer instanceof AutoCloseable c) {
        c.close(); // what it kept from run to run (a loop group's threads are not daemons)
      }
    }
    System.out.println("rss_kb " + procStatusKb("VmHWM"));
    System.out.println("base_kb " + baseKb);
    System.out.println("check " + check);
  }

  private static Peer peer(String className) throws ReflectiveOperationException {
    return (Peer) Class.forName(className).getConstructor().newInstance();
  }

  /** A {@code kB} field of /proc/self/status, or -1 where there is none (not Linux). */
  static long procStatusKb(String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(field + ":")) {
          return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").trim());
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: no memory figure
    }
    return -1;
  }
}
