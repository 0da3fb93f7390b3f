package dev.jasyncio;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Where a program's time went, per task name or per stage the program labels: the report of
 * {@link Async#profile} and of {@code -Djasyncio.profile=FILE} (the role Scalene plays for the
 * seed tutorial's pipeline: which parts wait on I/O and suit async, which compute and suit the
 * CPU pool, and which hold the loop in a blocking call and must be offloaded).
 *
 * <pre>{@code
 * ProfileReport p = Async.profile(() -> pipeline.run());
 * System.out.print(p.text());
 * p.write(Path.of("profile"));   // profile.txt and profile.html
 * }</pre>
 *
 * <p>Each row is a stage ({@link Async#stage}) or, outside stages, a task name with a trailing
 * number folded ({@code fetch-1}, {@code fetch-2} are the row {@code fetch-N}; names that are
 * only a number are the row {@code <number>}). Its time is split
 * into {@link Bucket buckets}; the buckets of a row add up to the time its tasks existed while
 * the profile ran, so rows of concurrent tasks add up to more than the wall time.
 */
public final class ProfileReport {

  /** What a task's time was spent on. */
  public enum Bucket {
    /** Running on the loop: the task's own code between suspension points. */
    RUNNING("running on the loop"),
    /**
     * Holding the loop in a blocking call (a JDK sleep, a file read, a lock): nothing else of the
     * loop runs meanwhile. Move such calls to {@link Async#toThread}.
     */
    BLOCKING("holding the loop in a blocking call"),
    /** Waiting on I/O: sockets, sleeps (the tutorials' stand-in for I/O) and {@link Async#toThread}. */
    IO_WAIT("waiting on I/O"),
    /** Waiting for offloaded CPU work: {@link Async#onCpu} and {@link Async#runInExecutor}. */
    OFFLOADED_CPU("offloaded CPU"),
    /** Waiting on other tasks: locks, queues, events, promises, other tasks' results. */
    OTHER_TASKS("waiting on other tasks"),
    /** Ready to run, waiting for the loop to get to it (the loop was busy with others). */
    READY("ready, waiting for the loop");

    private final String label;

    Bucket(String label) {
      this.label = label;
    }

    /**
     * The bucket's name as the reports print it.
     *
     * @return a short lower-case label
     */
    public String label() {
      return label;
    }
  }

  /**
   * One row: a stage or a task name, and its time per bucket.
   *
   * @param name the stage's label, or the task name with a trailing number folded to {@code N}
   *     ({@code <number>} for names that are only a number)
   * @param tasks how many tasks contributed (a stage entered twice by one task counts it once)
   * @param time nanoseconds per bucket, every bucket present
   */
  public record Row(String name, int tasks, Map<Bucket, Long> time) {
    /**
     * Copies the map, so a row never changes.
     *
     * @param name the row's name
     * @param tasks the number of tasks
     * @param time the nanoseconds per bucket
     */
    public Row {
      Objects.requireNonNull(name, "name");
      EnumMap<Bucket, Long> m = new EnumMap<>(Bucket.class);
      for (Bucket b : Bucket.values()) {
        m.put(b, time.getOrDefault(b, 0L));
      }
      time = Collections.unmodifiableMap(m);
    }

    /**
     * The time in one bucket.
     *
     * @param b the bucket
     * @return its time
     */
    public Duration get(Bucket b) {
      return Duration.ofNanos(time.get(b));
    }

    /**
     * The row's time in every bucket together.
     *
     * @return the sum
     */
    public Duration total() {
      long t = 0;
      for (long v : time.values()) {
        t += v;
      }
      return Duration.ofNanos(t);
    }

    /**
     * The bucket this row spent most of its time in.
     *
     * @return the largest bucket
     */
    public Bucket dominant() {
      Bucket best = Bucket.RUNNING;
      for (Bucket b : Bucket.values()) {
        if (time.get(b) > time.get(best)) {
          best = b;
        }
      }
      return best;
    }
  }

  private final Duration wall;
  private final List<Row> rows;

  ProfileReport(Duration wall, List<Row> rows) {
    this.wall = wall;
    List<Row> sorted = new ArrayList<>(rows);
    sorted.sort((a, b) -> b.total().compareTo(a.total()));
    this.rows = List.copyOf(sorted);
  }

  /**
   * How long the profile ran, by the loop's clock.
   *
   * @return the wall time
   */
  public Duration wallTime() {
    return wall;
  }

  /**
   * The rows, the largest total first.
   *
   * @return every row
   */
  public List<Row> rows() {
    return rows;
  }

  /**
   * The row of a stage or task name.
   *
   * @param name the row's name as {@link Row#name()} gives it
   * @return the row
   * @throws IllegalArgumentException if no row has that name, naming the rows there are
   */
  public Row row(String name) {
    for (Row r : rows) {
      if (r.name().equals(name)) {
        return r;
      }
    }
    throw new IllegalArgumentException("no profile row '" + name + "'; the rows are "
        + rows.stream().map(Row::name).toList());
  }

  /**
   * The report as a text table, one row a line, with each bucket's share of the row.
   *
   * @return the text summary
   */
  public String text() {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "jasyncio profile: %.3f s wall time, %d rows%n", seconds(wall.toNanos()), rows.size()));
    int w = 8;
    for (Row r : rows) {
      w = Math.max(w, r.name().length());
    }
    b.append(String.format(Locale.ROOT, "%-" + w + "s %6s %10s", "name", "tasks", "total"));
    for (Bucket k : Bucket.values()) {
      b.append(String.format(Locale.ROOT, " %9s", shortLabel(k)));
    }
    b.append("  mostly\n");
    for (Row r : rows) {
      long total = r.total().toNanos();
      b.append(String.format(Locale.ROOT, "%-" + w + "s %6d %9.3fs", r.name(), r.tasks(), seconds(total)));
      for (Bucket k : Bucket.values()) {
        b.append(String.format(Locale.ROOT, " %8.0f%%", share(r.time().get(k), total)));
      }
      b.append("  ").append(r.dominant().label()).append('\n');
    }
    b.append("buckets: ");
    for (Bucket k : Bucket.values()) {
      b.append(shortLabel(k)).append(" = ").append(k.label()).append(k.ordinal() < Bucket.values().length - 1 ? "; " : "\n");
    }
    return b.toString();
  }

  /**
   * The report as a self-contained HTML page: a table and a bar per row drawn in inline SVG (no
   * scripts, styles or images from elsewhere).
   *
   * @return the HTML document
   */
  public String html() {
    String[] colours = {"#d9822b", "#c23030", "#4a7fd4", "#29a634", "#8f398f", "#a7b6c2"};
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>jasyncio profile</title>\n<style>")
        .append("body{font-family:sans-serif;margin:2em;color:#182026}table{border-collapse:collapse}")
        .append("td,th{padding:3px 8px;text-align:right}td:first-child,th:first-child{text-align:left}")
        .append("tr:nth-child(even){background:#f5f8fa}.muted{color:#5c7080}</style></head><body>\n")
        .append("<h1>jasyncio profile</h1>\n<p class=\"muted\">")
        .append(String.format(Locale.ROOT, "%.3f s wall time", seconds(wall.toNanos())))
        .append(". Each row is a stage or a task name; its bar is the time its tasks spent in each bucket.</p>\n");
    int barWidth = 600;
    int rowHeight = 24;
    int labelWidth = 180;
    long max = 1;
    for (Row r : rows) {
      max = Math.max(max, r.total().toNanos());
    }
    int svgStart = h.length(); // the header goes here once the legend's wrapping gives the height
    int y = 0;
    for (Row r : rows) {
      h.append(String.format(Locale.ROOT, "<text x=\"0\" y=\"%d\" font-size=\"13\">%s</text>\n", y + 16, esc(r.name())));
      double x = labelWidth;
      for (Bucket k : Bucket.values()) {
        long v = r.time().get(k);
        if (v == 0) {
          continue;
        }
        double wpx = barWidth * (double) v / max;
        h.append(String.format(Locale.ROOT,
            "<rect data-row=\"%s\" data-bucket=\"%s\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"><title>%s: %s %.3f s</title></rect>\n",
            esc(r.name()), k.name(), x, y + 2, wpx, rowHeight - 6, colours[k.ordinal()], esc(r.name()), k.label(), seconds(v)));
        x += wpx;
      }
      y += rowHeight;
    }
    double lx = 0;
    for (Bucket k : Bucket.values()) {
      h.append(String.format(Locale.ROOT, "<rect x=\"%.0f\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/><text x=\"%.0f\" y=\"%d\" font-size=\"12\">%s</text>\n",
          lx, y + 14, colours[k.ordinal()], lx + 16, y + 24, k.label()));
      lx += 16 + 7 * k.label().length() + 12;
      if (lx > labelWidth + barWidth - 150) {
        lx = 0;
        y += 16;
      }
    }
    h.insert(svgStart, String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"time per bucket\">\n",
        labelWidth + barWidth + 20, y + 40));
    h.append("</svg>\n<table>\n<tr><th>name</th><th>tasks</th><th>total</th>");
    for (Bucket k : Bucket.values()) {
      h.append("<th>").append(k.label()).append("</th>");
    }
    h.append("</tr>\n");
    for (Row r : rows) {
      long total = r.total().toNanos();
      h.append("<tr data-row=\"").append(esc(r.name())).append("\"><td>").append(esc(r.name())).append("</td><td>")
          .append(r.tasks()).append(String.format(Locale.ROOT, "</td><td>%.3f s</td>", seconds(total)));
      for (Bucket k : Bucket.values()) {
        h.append(String.format(Locale.ROOT, "<td>%.3f s (%.0f%%)</td>", seconds(r.time().get(k)), share(r.time().get(k), total)));
      }
      h.append("</tr>\n");
    }
    h.append("</table>\n</body></html>\n");
    return h.toString();
  }

  /**
   * Writes {@code base.txt} ({@link #text()}) and {@code base.html} ({@link #html()}); a
   * {@code .txt} or {@code .html} ending of {@code base} is dropped first.
   *
   * @param base where to write, without the extension
   * @return the two files written, text first
   * @throws UncheckedIOException if a file cannot be written
   */
  public List<Path> write(Path base) {
    String n = base.getFileName().toString();
    String stem = n.endsWith(".html") ? n.substring(0, n.length() - 5) : n.endsWith(".txt") ? n.substring(0, n.length() - 4) : n;
    Path txt = base.resolveSibling(stem + ".txt");
    Path html = base.resolveSibling(stem + ".html");
    try {
      Path dir = txt.toAbsolutePath().getParent();
      if (dir != null) {
        Files.createDirectories(dir);
      }
      Files.writeString(txt, text(), StandardCharsets.UTF_8);
      Files.writeString(html, html(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the profile to " + txt + " and " + html, e);
    }
    return List.of(txt, html);
  }

  @Override
  public String toString() {
    return text();
  }

  private static String shortLabel(Bucket k) {
    return switch (k) {
      case RUNNING -> "running";
      case BLOCKING -> "blocking";
      case IO_WAIT -> "io-wait";
      case OFFLOADED_CPU -> "cpu";
      case OTHER_TASKS -> "tasks";
      case READY -> "ready";
    };
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }

  private static double share(long part, long total) {
    return total == 0 ? 0 : 100.0 * part / total;
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
