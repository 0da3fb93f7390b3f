package dev.jasyncio.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders one harness run as Markdown: the machine, the command, a matrix of medians with each
 * peer's ratio to the reference peer, then the detail table with per-operation times and memory.
 */
final class Report {
  /** A peer's name and what it is (runtime, version). */
  record PeerInfo(String name, String what) {}

  private final Map<Workload, Map<String, PeerResult>> results;
  private final List<PeerInfo> peers;
  private final String reference;
  private final boolean quick;
  private final String argLine;
  private final long tookSeconds;
  private final List<String> messages;

  Report(Map<Workload, Map<String, PeerResult>> results, List<PeerInfo> peers, String reference,
      boolean quick, String argLine, long tookSeconds, List<String> messages) {
    this.results = results;
    // a column only for the peers that run at least one of this run's workloads
    this.peers = peers.stream()
        .filter(p -> results.values().stream().anyMatch(row -> row.containsKey(p.name())))
        .toList();
    this.reference = reference;
    this.quick = quick;
    this.argLine = argLine;
    this.tookSeconds = tookSeconds;
    this.messages = messages;
  }

  String render() {
    StringBuilder b = new StringBuilder();
    b.append("### Run of ").append(ZonedDateTime.now(ZoneOffset.UTC)
        .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"))).append("\n\n");
    b.append("Command: `./jasyncio bench").append(argLine.isEmpty() ? "" : " " + argLine)
        .append("` (").append(tookSeconds).append(" s in all").append(quick ? ", quick sizes" : "")
        .append(")\n\n");
    b.append("Machine: ").append(machine()).append("\n\n");
    b.append("Load average (1, 5, 15 min) at the end: ").append(loadAverage())
        .append(" — other jobs on the machine make every figure noisier; compare within one run.\n\n");
    b.append("Peers, each in a fresh process of its own per workload, warm-up runs first:\n\n");
    for (PeerInfo p : peers) {
      b.append("- `").append(p.name()).append("`: ").append(p.what()).append('\n');
    }
    b.append("\nMedian wall time per workload; in brackets the peer's time divided by `")
        .append(reference).append("`'s (above 1: jasyncio is faster). For the sleeps, the time")
        .append(" above the 1 s every task sleeps is compared. \"–\": the peer does not run the")
        .append(" workload.\n\n");
    matrix(b);
    b.append("\nDetail: per-operation time (and throughput where the workload moves bytes), peak")
        .append(" resident memory of the peer process, and for the sleeps and connections the memory")
        .append(" per task or connection ((peak - memory before the first run) / size).\n\n");
    detail(b);
    b.append("\nWorkloads:\n\n");
    for (Workload w : results.keySet()) {
      b.append("- `").append(w.id()).append("`: ").append(w.what()).append('\n');
    }
    if (!messages.isEmpty()) {
      b.append("\nNot in this run:\n\n");
      for (String m : messages) {
        b.append("- ").append(m).append('\n');
      }
    }
    return b.toString();
  }

  private void matrix(StringBuilder b) {
    b.append("| workload | size |");
    for (PeerInfo p : peers) {
      b.append(' ').append(p.name()).append(" |");
    }
    b.append("\n|---|---:|");
    b.append("---:|".repeat(peers.size())).append('\n');
    for (Map.Entry<Workload, Map<String, PeerResult>> e : results.entrySet()) {
      Workload w = e.getKey();
      Map<String, PeerResult> row = e.getValue();
      b.append("| ").append(w.id()).append(" | ").append(count(firstSize(row))).append(" |");
      PeerResult ref = row.get(reference);
      for (PeerInfo p : peers) {
        PeerResult r = row.get(p.name());
        b.append(' ');
        if (r == null || r.na() != null) {
          b.append(r == null ? "–" : "n/a");
        } else {
          b.append(Harness.seconds(r.median()));
          String ratio = ratio(w, r, ref);
          if (!ratio.isEmpty() && !p.name().equals(reference)) {
            b.append(" (").append(ratio).append(')');
          }
        }
        b.append(" |");
      }
      b.append('\n');
    }
  }

  private void detail(StringBuilder b) {
    b.append("| workload | peer | median | per op | vs ").append(reference)
        .append(" | peak RSS | memory/item | runs (s) |\n");
    b.append("|---|---|---:|---:|---:|---:|---:|---|\n");
    for (Map.Entry<Workload, Map<String, PeerResult>> e : results.entrySet()) {
      Workload w = e.getKey();
      PeerResult ref = e.getValue().get(reference);
      for (PeerInfo p : peers) {
        PeerResult r = e.getValue().get(p.name());
        if (r == null) {
          continue;
        }
        b.append("| ").append(w.id()).append(" | ").append(p.name()).append(" | ");
        if (r.na() != null) {
          b.append("n/a: ").append(r.na()).append(" | | | | | |\n");
          continue;
        }
        double m = r.median();
        double above = w.baselineSeconds();
        double perOp = Math.max(0, m - above) / r.n();
        b.append(Harness.seconds(m)).append(" | ").append(perOp(perOp))
            .append(above > 0 ? String.format(Locale.ROOT, " above %.0f s", above) : "")
            .append(" / ").append(w.unit());
        if (w.bytesPerItem() > 0) {
          b.append(String.format(Locale.ROOT, " (%.0f MB/s)", w.bytesPerItem() * r.n() / m / 1e6));
        }
        b.append(" | ")
            .append(p.name().equals(reference) ? "1" : ratio(w, r, ref)).append(" | ")
            .append(r.rssKb() > 0 ? String.format(Locale.ROOT, "%.0f MB", r.rssKb() / 1024.0) : "?")
            .append(" | ");
        if (w.memoryPerItem() && r.rssKb() > 0 && r.baseKb() >= 0) {
          b.append(String.format(Locale.ROOT, "%.2f KB", (r.rssKb() - r.baseKb()) / (double) r.n()));
        }
        b.append(" | ");
        for (int i = 0; i < r.runs().length; i++) {
          b.append(i == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.3f", r.runs()[i]));
        }
        b.append(" |\n");
      }
    }
  }

  /** The peer's time over the reference's: the time above the baseline (1 s for sleeps). */
  private static String ratio(Workload w, PeerResult r, PeerResult ref) {
    if (ref == null || ref.na() != null) {
      return "";
    }
    double a = r.median();
    double z = ref.median();
    a -= w.baselineSeconds();
    z -= w.baselineSeconds();
    if (z <= 0) {
      return "";
    }
    double q = a / z;
    return String.format(Locale.ROOT, q >= 10 ? "%.0f×" : "%.2f×", q);
  }

  private static int firstSize(Map<String, PeerResult> row) {
    return row.values().stream().mapToInt(PeerResult::n).findFirst().orElse(0);
  }

  private static String count(int n) {
    return n % 1_000_000 == 0 ? n / 1_000_000 + " M" : n % 1000 == 0 ? n / 1000 + " k" : Integer.toString(n);
  }

  private static String perOp(double s) {
    return s >= 1e-3 ? String.format(Locale.ROOT, "%.2f ms", s * 1e3)
        : s >= 1e-6 ? String.format(Locale.ROOT, "%.2f µs", s * 1e6)
        : String.format(Locale.ROOT, "%.0f ns", s * 1e9);
  }

  /** Cores, memory, CPU model, OS and JDK of this machine. */
  private static String machine() {
    String cpu = firstMatch("/proc/cpuinfo", "model name");
    String memKb = firstMatch("/proc/meminfo", "MemTotal");
    String mem = memKb == null ? "?" : String.format(Locale.ROOT, "%.0f GiB",
        Long.parseLong(memKb.replace("kB", "").trim()) / 1024.0 / 1024.0);
    return Runtime.getRuntime().availableProcessors() + " cores"
        + (cpu == null ? "" : " (" + cpu + ")") + ", " + mem + " memory, "
        + System.getProperty("os.name") + " " + System.getProperty("os.version") + ", "
        + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version");
  }

  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "?";
    }
  }

  private static String firstMatch(String file, String key) {
    try {
      for (String line : Files.readAllLines(Path.of(file))) {
        if (line.startsWith(key)) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException e) {
      // not Linux
    }
    return null;
  }
}
