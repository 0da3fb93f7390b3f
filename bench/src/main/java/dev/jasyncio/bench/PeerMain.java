package dev.jasyncio.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs one workload of one JVM peer in this JVM and prints the peer line protocol the
 * {@link Harness} reads (the Python and Go peers print the same lines):
 *
 * <pre>
 * run SECONDS        one line per measured run (warm-up runs print nothing)
 * rss_kb KB          peak resident set size of the process (VmHWM) at the end
 * base_kb KB         resident set size before the first run
 * na REASON          instead of all of the above, when the peer cannot run the workload
 * </pre>
 *
 * <p>Usage: {@code PeerMain PEER_CLASS WORKLOAD N WARMUPS RUNS}. Each run starts from a collected
 * heap ({@code System.gc()} before it), as each Python run starts with its objects freed: without
 * it, a sleep run's million promoted tasks slow the next run down. (The collection may shrink the
 * heap, so each run also pays to grow it; {@code --jvm "-Xms..."} fixes the heap's size.)
 */
public final class PeerMain {
  private PeerMain() {}

  /**
   * Entry point.
   *
   * @param args peer class, workload kind, size, warm-up runs, measured runs
   * @throws Exception if the workload fails
   */
  public static void main(String[] args) throws Exception {
    if (args.length != 5) {
      throw new IllegalArgumentException("usage: PeerMain PEER_CLASS WORKLOAD N WARMUPS RUNS");
    }
    long baseKb = procStatusKb("VmRSS");
    Peer peer = (Peer) Class.forName(args[0]).getConstructor().newInstance();
    String workload = args[1];
    int n = Integer.parseInt(args[2]);
    int warmups = Integer.parseInt(args[3]);
    int runs = Integer.parseInt(args[4]);
    long check = 0;
    try {
      for (int i = 0; i < warmups; i++) {
        check += peer.run(workload, n);
        System.gc();
      }
      for (int i = 0; i < runs; i++) {
        long t0 = System.nanoTime();
        check += peer.run(workload, n);
        long t1 = System.nanoTime();
        System.out.println("run " + (t1 - t0) / 1e9);
        System.out.flush();
        System.gc();
      }
    } catch (UnsupportedOperationException e) {
      System.out.println("na " + e.getMessage());
      return;
    }
    System.out.println("rss_kb " + procStatusKb("VmHWM"));
    System.out.println("base_kb " + baseKb);
    System.out.println("check " + check);
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
