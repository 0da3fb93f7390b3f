package dev.jasyncio.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code DIR/report.html}: one self-contained page (inline CSS and SVG, nothing fetched) with
 * the timeline of every image's download and processing, where each stage spent its time
 * (waiting on I/O or computing: seed 000's profiler step, which says where async helps and where
 * processes do), the throughput, and the {@code --compare} table as a bar chart.
 */
final class Report {
  private Report() {}

  static final String FILE = "report.html";

  static void write(Path dir, PipelineRun.Result run, List<CompareRow> compared, Map<String, Object> settings) {
    try {
      Files.writeString(dir.resolve(FILE), html(run, compared, settings), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dir.resolve(FILE), e);
    }
  }

  /**
   * Where a stage's time went.
   *
   * @param busySeconds the sum of its spans over every item
   * @param cpuSeconds CPU time it used, or -1 if unknown
   */
  record Share(double busySeconds, double cpuSeconds) {
    double computing() {
      return busySeconds <= 0 || cpuSeconds < 0 ? 0 : Math.min(1, cpuSeconds / busySeconds);
    }

    double waiting() {
      return busySeconds <= 0 ? 0 : 1 - computing();
    }
  }

  static Share downloadShare(PipelineRun.Result r) {
    return new Share(r.items().stream().mapToDouble(Item::downloadSeconds).sum(), r.otherCpuSeconds());
  }

  static Share processShare(PipelineRun.Result r) {
    return new Share(r.items().stream().mapToDouble(i -> i.decodeSeconds + i.filterSeconds + i.encodeSeconds).sum(),
        r.processCpuSeconds());
  }

  static String html(PipelineRun.Result run, List<CompareRow> compared, Map<String, Object> settings) {
    StringBuilder h = new StringBuilder(32 * 1024);
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
        .append("<title>jasyncio pipeline: ").append(esc(run.mode().label())).append("</title>\n")
        .append("<style>\n")
        .append("body{font:14px/1.45 system-ui,sans-serif;margin:24px 32px;color:#222;max-width:1200px}\n")
        .append("h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}\n")
        .append("table{border-collapse:collapse}td,th{padding:3px 10px;border-bottom:1px solid #ddd;text-align:right}\n")
        .append("th:first-child,td:first-child{text-align:left}.muted{color:#666}.failed{color:#b00020}\n")
        .append(".download{fill:#4a7fd4}.process{fill:#e8883a}.failure{fill:#b00020}.wait{fill:#c9d3e0}.queued{fill:#f3c79f}.cpu{fill:#e8883a}\n")
        .append(".bar-total{fill:#6b8e23}.bar-best{fill:#2e7d32}svg text{font:12px system-ui,sans-serif;fill:#333}\n")
        .append(".kpi{display:inline-block;margin:6px 28px 6px 0}.kpi b{display:block;font-size:22px}\n")
        .append("</style></head><body>\n");
    h.append("<h1>jasyncio pipeline</h1>\n<p class=\"muted\">Seed 000's real-world example: download, then the edge filter on the CPU pool. Mode <b>")
        .append(esc(run.mode().label())).append("</b>: ").append(esc(run.mode().description())).append(".</p>\n");

    h.append("<section id=\"summary\">\n");
    kpi(h, "images ok", run.ok() + " / " + run.items().size());
    kpi(h, "failed", String.valueOf(run.failed()));
    kpi(h, "total", fmt(run.totalSeconds()) + " s");
    kpi(h, "throughput", fmt1(run.totalSeconds() > 0 ? run.ok() / run.totalSeconds() : 0) + " images/s");
    kpi(h, "downloaded", fmt1(run.bytes() / 1e6) + " MB at " + fmt1(run.downloadSeconds() > 0 ? run.bytes() / 1e6 / run.downloadSeconds() : 0) + " MB/s");
    h.append("</section>\n<p class=\"muted\">");
    settings.forEach((k, v) -> h.append(esc(k)).append(": ").append(esc(String.valueOf(v))).append(" &nbsp; "));
    h.append("</p>\n");

    timeline(h, run);
    shares(h, run);
    if (!compared.isEmpty()) {
      compare(h, compared);
    }
    items(h, run);
    h.append("</body></html>\n");
    return h.toString();
  }

  private static void kpi(StringBuilder h, String label, String value) {
    h.append("<span class=\"kpi\"><b>").append(esc(value)).append("</b>").append(esc(label)).append("</span>\n");
  }

  private static void timeline(StringBuilder h, PipelineRun.Result run) {
    List<Item> items = run.items();
    int left = 150;
    int width = 1000;
    int row = 18;
    int top = 24;
    double total = Math.max(run.totalSeconds(), 1e-3);
    double scale = (width - left - 20) / total;
    int height = top + items.size() * row + 30;
    h.append("<h2>Timeline</h2>\n<p class=\"muted\">Each row is one image: <span style=\"color:#4a7fd4\">■</span> its download,"
        + " <span style=\"color:#e8883a\">■</span> its processing (decode, filter, encode, write)"
        + " after <span style=\"color:#f3c79f\">■</span> waiting in the CPU pool's queue,"
        + " <span style=\"color:#b00020\">■</span> where it failed.</p>\n");
    h.append(String.format(Locale.ROOT, "<svg id=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">\n",
        width, height, width, height));
    double step = niceStep(total);
    for (double t = 0; t <= total + 1e-9; t += step) {
      double x = left + t * scale;
      h.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#eee\"/>", x, top - 4, x, height - 24))
          .append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s s</text>\n", x, height - 8, trim(t)));
    }
    for (int k = 0; k < items.size(); k++) {
      Item i = items.get(k);
      int y = top + k * row;
      h.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>", left - 8, y + 12, esc(shorten(i.name, 20))));
      if (i.downloadEnd >= 0) {
        rect(h, "download", i, left + i.downloadStart * scale, y + 2, (i.downloadEnd - i.downloadStart) * scale, row - 6,
            String.format(Locale.ROOT, "%s download %.3f s, %d bytes", i.name, i.downloadSeconds(), Math.max(0, i.bytes)));
      }
      if (i.processEnd >= 0 && i.cpuStart > i.processStart) {
        rect(h, "queued", i, left + i.processStart * scale, y + 5, (i.cpuStart - i.processStart) * scale, row - 12,
            String.format(Locale.ROOT, "%s queued for a core %.3f s", i.name, i.cpuStart - i.processStart));
      }
      if (i.processEnd >= 0) {
        double from = i.cpuStart > i.processStart ? i.cpuStart : i.processStart;
        rect(h, "process", i, left + from * scale, y + 2, (i.processEnd - from) * scale, row - 6,
            String.format(Locale.ROOT, "%s processing %.3f s (decode %.3f, filter %.3f, encode %.3f)", i.name,
                i.processSeconds(), i.decodeSeconds, i.filterSeconds, i.encodeSeconds));
      }
      if (i.failed()) {
        double at = Math.max(i.downloadEnd, i.processEnd);
        rect(h, "failure", i, left + Math.max(0, at) * scale - 2, y, 4, row - 2, i.name + " failed: " + i.errorKind.label() + ": " + i.error);
      }
      if (i.resumed) {
        h.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" class=\"muted\">resumed: done by an earlier run</text>", left + 4, y + 12));
      }
      h.append('\n');
    }
    h.append("</svg>\n");
  }

  private static void rect(StringBuilder h, String cls, Item i, double x, double y, double w, double hgt, String title) {
    h.append(String.format(Locale.ROOT, "<rect class=\"%s\" data-item=\"%d\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"><title>%s</title></rect>",
        cls, i.index, x, y, Math.max(1, w), hgt, esc(title)));
  }

  private static void shares(StringBuilder h, PipelineRun.Result run) {
    Share dl = downloadShare(run);
    Share pr = processShare(run);
    h.append("<h2>Waiting or computing</h2>\n<p class=\"muted\">Of the time each stage's spans add up to, the share the"
        + " process spent computing (CPU time) and the rest, waiting: on the network for downloads; for processing (decode,"
        + " filter and encode, not counting the queue for the pool), for the operating system to give the thread a core."
        + " A stage that mostly waits wants async; one that mostly computes wants the CPU pool (processes in Python).</p>\n");
    h.append("<table id=\"shares\"><tr><th>stage</th><th>spans add up to</th><th>CPU</th><th>computing</th><th>waiting</th></tr>\n");
    shareRow(h, "download", dl, "CPU outside the processing calls: HTTP, loop, GC, JIT, and the embedded server if it runs");
    shareRow(h, "process", pr, "CPU of the decode, filter and encode calls");
    double queued = run.items().stream().filter(i -> i.cpuStart > i.processStart)
        .mapToDouble(i -> i.cpuStart - i.processStart).sum();
    h.append(String.format(Locale.ROOT, "<tr data-stage=\"queue\"><td>queued for the CPU pool <span class=\"muted\">(every pool thread busy)</span></td>"
        + "<td>%.3f s</td><td></td><td></td><td></td></tr>\n", queued));
    h.append("</table>\n");
    int width = 600;
    h.append("<svg id=\"share-chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"840\" height=\"70\" viewBox=\"0 0 840 70\">\n");
    int y = 6;
    for (Object[] s : new Object[][] {{"download", dl}, {"process", pr}}) {
      Share share = (Share) s[1];
      double c = share.computing() * width;
      h.append(String.format(Locale.ROOT, "<text x=\"0\" y=\"%d\">%s</text>", y + 16, s[0]))
          .append(String.format(Locale.ROOT, "<rect class=\"cpu\" data-stage=\"%s\" x=\"80\" y=\"%d\" width=\"%.1f\" height=\"22\"><title>computing %.0f%%</title></rect>",
              s[0], y, c, share.computing() * 100))
          .append(String.format(Locale.ROOT, "<rect class=\"wait\" data-stage=\"%s\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"22\"><title>waiting %.0f%%</title></rect>",
              s[0], 80 + c, y, width - c, share.waiting() * 100))
          .append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%.0f%% computing</text>\n", 80 + width + 6, y + 16, share.computing() * 100));
      y += 30;
    }
    h.append("</svg>\n");
    h.append(String.format(Locale.ROOT, "<p id=\"throughput\">Throughput: %.2f images/s overall; the download stage moved %.1f MB in %.2f s"
            + " (%.1f MB/s); the processing stage did %d images in %.2f s (%.2f images/s).</p>\n",
        run.totalSeconds() > 0 ? run.ok() / run.totalSeconds() : 0, run.bytes() / 1e6, run.downloadSeconds(),
        run.downloadSeconds() > 0 ? run.bytes() / 1e6 / run.downloadSeconds() : 0,
        run.items().stream().filter(i -> i.processEnd >= 0 && i.ok()).count(), run.processSeconds(),
        run.processSeconds() > 0 ? run.items().stream().filter(i -> i.processEnd >= 0 && i.ok()).count() / run.processSeconds() : 0));
  }

  private static void shareRow(StringBuilder h, String stage, Share s, String note) {
    h.append(String.format(Locale.ROOT, "<tr data-stage=\"%s\"><td>%s <span class=\"muted\">(%s)</span></td><td>%.3f s</td><td>%s</td><td>%.0f%%</td><td>%.0f%%</td></tr>\n",
        stage, stage, esc(note), s.busySeconds(), s.cpuSeconds() < 0 ? "unknown" : fmt(s.cpuSeconds()) + " s",
        s.computing() * 100, s.waiting() * 100));
  }

  private static void compare(StringBuilder h, List<CompareRow> compared) {
    double sync = syncTotal(compared);
    double max = compared.stream().mapToDouble(CompareRow::totalSeconds).max().orElse(1);
    h.append("<h2>Modes compared</h2>\n<p class=\"muted\">Every mode on the same images; download-only and process-only"
        + " are the two limits, and the best a mode can do is the larger of them.</p>\n");
    int left = 120;
    int width = 1000;
    int row = 26;
    int height = compared.size() * row + 10;
    h.append(String.format(Locale.ROOT, "<svg id=\"compare-chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">\n",
        width, height, width, height));
    double scale = (width - left - 160) / Math.max(max, 1e-3);
    for (int k = 0; k < compared.size(); k++) {
      CompareRow r = compared.get(k);
      int y = 4 + k * row;
      h.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>", left - 8, y + 15, r.label()))
          .append(String.format(Locale.ROOT, "<rect class=\"bar-total\" data-mode=\"%s\" x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"20\"><title>%s: %.2f s</title></rect>",
              r.label(), left, y, Math.max(1, r.totalSeconds() * scale), r.label(), r.totalSeconds()))
          .append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%.2f s%s</text>\n", left + r.totalSeconds() * scale + 6, y + 15,
              r.totalSeconds(), sync > 0 ? String.format(Locale.ROOT, "  (%.1fx sync)", sync / r.totalSeconds()) : ""));
    }
    h.append("</svg>\n<table id=\"compare\"><tr><th>mode</th><th>download s</th><th>process s</th><th>total s</th><th>speed-up over sync</th><th>ok</th><th>failed</th></tr>\n");
    for (CompareRow r : compared) {
      h.append(String.format(Locale.ROOT, "<tr data-mode=\"%s\"><td>%s</td><td>%.2f</td><td>%.2f</td><td>%.2f</td><td>%s</td><td>%d</td><td>%d</td></tr>\n",
          r.label(), r.label(), r.downloadSeconds(), r.processSeconds(), r.totalSeconds(),
          sync > 0 ? String.format(Locale.ROOT, "%.1fx", sync / r.totalSeconds()) : "-", r.ok(), r.failed()));
    }
    h.append("</table>\n");
  }

  private static double syncTotal(List<CompareRow> compared) {
    return compared.stream().filter(r -> r.label().equals(Mode.SYNC.label())).mapToDouble(CompareRow::totalSeconds).findFirst().orElse(0);
  }

  /** The {@code --compare} table for a terminal. */
  static String table(List<CompareRow> compared) {
    double sync = syncTotal(compared);
    StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%n%-16s %11s %10s %8s %9s%n", "mode", "download s", "process s", "total s", "speed-up"));
    for (CompareRow r : compared) {
      b.append(String.format(Locale.ROOT, "%-16s %11.2f %10.2f %8.2f %9s%n", r.label(), r.downloadSeconds(),
          r.processSeconds(), r.totalSeconds(), sync > 0 ? String.format(Locale.ROOT, "%.1fx", sync / r.totalSeconds()) : "-"));
    }
    return b.toString();
  }

  private static void items(StringBuilder h, PipelineRun.Result run) {
    h.append("<h2>Items</h2>\n<table id=\"items\"><tr><th>image</th><th>status</th><th>bytes</th><th>download s</th>"
        + "<th>decode s</th><th>filter s</th><th>encode s</th><th>output / error</th></tr>\n");
    for (Item i : run.items()) {
      h.append(String.format(Locale.ROOT, "<tr data-item=\"%d\" class=\"%s\"><td title=\"%s\">%s</td><td>%s</td><td>%d</td><td>%.3f</td><td>%.3f</td><td>%.3f</td><td>%.3f</td><td style=\"text-align:left\">%s</td></tr>\n",
          i.index, i.ok() ? "ok" : "failed", esc(i.url.toString()), esc(i.name), i.ok() ? (i.resumed ? "ok (resumed)" : "ok") : "failed",
          Math.max(0, i.bytes), i.downloadSeconds(), i.decodeSeconds, i.filterSeconds, i.encodeSeconds,
          i.ok() ? esc(String.valueOf(i.output)) : esc(i.errorKind.label() + ": " + i.error)));
    }
    h.append("</table>\n");
  }

  private static double niceStep(double total) {
    double raw = total / 10;
    double p = Math.pow(10, Math.floor(Math.log10(raw)));
    for (double m : new double[] {1, 2, 5, 10}) {
      if (raw <= m * p) {
        return m * p;
      }
    }
    return 10 * p;
  }

  private static String trim(double t) {
    String s = String.format(Locale.ROOT, "%.3f", t);
    return s.replaceAll("0+$", "").replaceAll("\\.$", "");
  }

  private static String shorten(String s, int n) {
    return s.length() <= n ? s : s.substring(0, n - 1) + "…";
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }

  private static String fmt1(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
