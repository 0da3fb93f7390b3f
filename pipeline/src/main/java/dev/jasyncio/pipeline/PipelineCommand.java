package dev.jasyncio.pipeline;

import dev.jasyncio.Async;
import dev.jasyncio.CancelledException;
import dev.jasyncio.ProfileReport;
import dev.jasyncio.redis.RedisUnavailableException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./jasyncio pipeline}: seed 000's real-world example as a tool. Downloads images,
 * applies the seed's edge filter on every core and writes the results, a {@code manifest.json}
 * and a {@code report.html}. With no {@code --urls} it serves generated photos from an embedded
 * loopback server with a distant server's latency and bandwidth.
 *
 * <pre>
 * ./jasyncio pipeline                          12 x 1920x1080 from the embedded server
 * ./jasyncio pipeline --compare                every mode on the same images, and a table
 * ./jasyncio pipeline --urls photos.txt --out photos-out --resume
 * ./jasyncio pipeline --urls photos.txt --queue redis://HOST:6379       the items done by workers
 * ./jasyncio pipeline worker --queue redis://HOST:6379 --out /shared/out    on every machine
 * </pre>
 *
 * <p>With {@code --queue} the items become jobs on Redis ({@link QueueRun}) that
 * {@code pipeline worker} processes ({@link WorkerCommand}) on any number of machines; this
 * process waits for their results and writes the manifest and the report as one process would.
 *
 * <p>Exit status: 0 when every item succeeded, 2 when some failed, 1 on a usage error, when the
 * run could not start, or when Redis stayed unreachable for {@code --redis-timeout}.
 */
@Command(name = "pipeline", mixinStandardHelpOptions = true, sortOptions = false,
    subcommands = WorkerCommand.class,
    version = "jasyncio pipeline 0.1.0",
    description = "Seed 000's real-world example as a tool: download images, run the seed's edge filter"
        + " on every core as each image arrives, write DIR/processed/, DIR/manifest.json and DIR/report.html."
        + " Without --urls it serves generated photo-like JPEGs from a loopback server.",
    footer = {"", "Modes: sync, threads, async, async-cpu, bounded (seed 000's sync1, async1,"
        + " async2 without and with processes, async3), pipelined, download-only, process-only.",
        "", "Across machines: 'pipeline --queue redis://HOST:PORT' puts each item on Redis as a job and waits for"
        + " the results; 'pipeline worker --queue redis://HOST:PORT --out DIR' (on as many machines as you like)"
        + " does the jobs. The manifest is complete whichever workers did the work: a job whose worker died is"
        + " done again (its item is in the manifest once), a job the workers keep dying on is dead-lettered and"
        + " its item fails. See 'pipeline worker --help'.",
        "", "Exit status: 0 all items ok, 2 some failed, 1 usage error or Redis unreachable."})
public final class PipelineCommand implements Callable<Integer> {
  /** Exit status when every item succeeded. */
  public static final int OK = 0;
  /** Exit status on a usage error or a run that could not start. */
  public static final int USAGE = 1;
  /** Exit status when some items failed. */
  public static final int SOME_FAILED = 2;

  @Option(names = "--images", paramLabel = "N", description = "Images the embedded server serves (default: ${DEFAULT-VALUE}).")
  int images = 12;

  @Option(names = "--size", paramLabel = "WxH", description = "Their size (default: ${DEFAULT-VALUE}).")
  String size = "1920x1080";

  @Option(names = "--seed", paramLabel = "N", description = "Seed of the generated photos (default: ${DEFAULT-VALUE}).")
  long seed = 0;

  @Option(names = "--latency", paramLabel = "TIME", description = "Embedded server's first-byte latency per request (default: ${DEFAULT-VALUE}).")
  String latency = "150ms";

  @Option(names = "--bandwidth", paramLabel = "RATE", description = "Embedded server's bandwidth per connection (default: ${DEFAULT-VALUE}).")
  String bandwidth = "4MB/s";

  @Option(names = "--fault", paramLabel = "INDEX=FAULT", description = "Embedded server: make image INDEX fail with FAULT: not_found, stall, reset, truncated_body, not_an_image, truncated_jpeg or too_many_pixels. Repeatable.")
  Map<Integer, Fault> faults = new LinkedHashMap<>();

  @Option(names = "--urls", paramLabel = "FILE", description = "Download these URLs instead (one a line, # comments).")
  Path urls;

  @Option(names = "--out", paramLabel = "DIR", description = "Output directory (default: ${DEFAULT-VALUE}).")
  Path out = Path.of("pipeline-out");

  @Option(names = "--mode", paramLabel = "MODE", description = "sync, threads, async, async-cpu, bounded, pipelined, download-only or process-only (default: ${DEFAULT-VALUE}).")
  String mode = "pipelined";

  @Option(names = "--compare", description = "Run every mode on the same images and print a table (the chosen mode writes DIR, the others DIR/compare/MODE).")
  boolean compare;

  @Option(names = "--limit", paramLabel = "N", description = "Concurrent downloads per host (default: ${DEFAULT-VALUE}).")
  int limit = 8;

  @Option(names = "--format", paramLabel = "FORMAT", description = "Output format: jpeg (like the seed's) or png, lossless (default: ${DEFAULT-VALUE}).")
  String format = "jpeg";

  @Option(names = "--max-pixels", paramLabel = "COUNT", description = "Refuse images larger than this, before decoding (default: ${DEFAULT-VALUE}).")
  String maxPixels = "50MP";

  @Option(names = "--resume", description = "Skip items whose output exists with the sha256 in DIR/manifest.json.")
  boolean resume;

  @Option(names = "--connect-timeout", paramLabel = "TIME", description = "Connect timeout (default: ${DEFAULT-VALUE}).")
  String connectTimeout = "10s";

  @Option(names = "--read-timeout", paramLabel = "TIME", description = "Idle read timeout, between bytes (default: ${DEFAULT-VALUE}).")
  String readTimeout = "30s";

  @Option(names = "--timeout", paramLabel = "TIME", description = "Total timeout of one download, body included (default: ${DEFAULT-VALUE}).")
  String timeout = "2m";

  @Option(names = "--retries", paramLabel = "N", description = "Retries of a download after a connection failure or a 429/502/503/504 (default: ${DEFAULT-VALUE}).")
  int retries = 2;

  @Option(names = "--python-peer", paramLabel = "SCRIPT", description = "With --compare: also run this Python script (seed 000's async3, bench/src/main/python/pipeline_peer.py) against the same server.")
  Path pythonPeer;

  @Mixin
  QueueOptions queue = new QueueOptions();

  @Option(names = "--python", paramLabel = "EXE", description = "The Python for --python-peer, with httpx, aiofiles and Pillow (default: ${DEFAULT-VALUE}).")
  String python = "python3";

  @Option(names = "--profile", paramLabel = "FILE", description = "Profile the run (not the --compare runs): where each stage's time went, written to FILE.txt and FILE.html.")
  Path profile;

  private PrintStream stdout = System.out;

  /**
   * Runs the command line and exits with its status.
   *
   * @param args the arguments
   */
  public static void main(String[] args) {
    System.exit(run(System.out, System.err, args));
  }

  /**
   * Runs the command line.
   *
   * @param stdout where results go
   * @param stderr where errors go
   * @param args the arguments
   * @return the exit status: {@link #OK}, {@link #SOME_FAILED} or {@link #USAGE}
   */
  public static int run(PrintStream stdout, PrintStream stderr, String... args) {
    PipelineCommand command = new PipelineCommand();
    command.stdout = stdout;
    CommandLine cli = new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true);
    cli.setOut(new PrintWriter(stdout, true, StandardCharsets.UTF_8));
    cli.setErr(new PrintWriter(stderr, true, StandardCharsets.UTF_8));
    cli.setParameterExceptionHandler((e, a) -> {
      e.getCommandLine().getErr().println(e.getCommandLine().getCommandSpec().qualifiedName() + ": " + e.getMessage()
          + " (see --help)");
      return USAGE;
    });
    cli.setExecutionExceptionHandler((e, c, parsed) -> {
      if (e instanceof CommandLine.ParameterException p) {
        throw p;
      }
      c.getErr().println(c.getCommandSpec().qualifiedName() + ": " + (e instanceof UsageError ? e.getMessage() + " (see --help)"
          : e instanceof RedisUnavailableException ? e.getMessage() : e.toString()));
      return USAGE;
    });
    return cli.execute(args);
  }

  /** A value that parsed but makes no sense: a usage error, named. */
  static final class UsageError extends RuntimeException {
    UsageError(String message) {
      super(message);
    }
  }

  private static <T> T option(String name, String value, java.util.function.Function<String, T> parse) {
    try {
      return parse.apply(value);
    } catch (IllegalArgumentException e) {
      throw new UsageError("invalid value for " + name + ": " + e.getMessage());
    }
  }

  @Override
  public Integer call() throws Exception {
    Settings settings = settings();
    Mode main = option("--mode", mode, Mode::parse);
    queue.check();
    if (queue.url != null && (compare || main != Mode.PIPELINED)) {
      throw new UsageError(compare ? "--compare runs every mode in this process; it does not go with --queue"
          : "--mode " + main.label() + " does not go with --queue: the workers run each item pipelined");
    }
    if (images < 1) {
      throw new UsageError("invalid value for --images: must be at least 1, not " + images);
    }
    int[] wh = option("--size", size, Units::size);
    Duration lat = option("--latency", latency, Units::duration);
    long bw = option("--bandwidth", bandwidth, Units::bandwidth);
    for (int i : faults.keySet()) {
      if (i < 0 || i >= images) {
        throw new UsageError("invalid value for --fault: image " + i + " is not one of 0.." + (images - 1));
      }
    }
    if (pythonPeer != null && (!compare || !Files.isRegularFile(pythonPeer))) {
      throw new UsageError(!compare ? "--python-peer needs --compare" : "--python-peer " + pythonPeer + " is not a file");
    }
    List<URI> sources = urls == null ? null : readUrls(urls);
    ImageServer server = null;
    try {
      if (sources == null) {
        ImageServer.Builder b = ImageServer.builder().images(images).size(wh[0], wh[1]).seed(seed)
            .latency(lat).bandwidth(bw);
        faults.forEach(b::fault);
        server = b.start();
        sources = server.urls();
        stdout.printf(Locale.ROOT, "embedded image server: %d photo-like JPEGs of %dx%d (%.1f MB), %s latency, %s per connection%n",
            images, wh[0], wh[1], totalBytes(server) / 1e6, Units.show(lat), bandwidth);
      }
      Map<String, Object> described = describe(settings, sources.size(), server != null, lat, bw, wh);
      List<CompareRow> compared = new ArrayList<>();
      if (compare) {
        for (Mode m : compareOrder(main)) {
          Path dir = settings.out().resolve("compare").resolve(m.label());
          Settings s = settings.forCompare(dir);
          Path inputs = settings.out().resolve("compare").resolve(Mode.DOWNLOAD_ONLY.label());
          PipelineRun.Result r = runOnce(m, sources, s, inputs, Progress.silent());
          stdout.printf(Locale.ROOT, "%-14s %6.2f s  (%d ok, %d failed)%n", m.label(), r.totalSeconds(), r.ok(), r.failed());
          compared.add(CompareRow.of(r));
        }
        if (pythonPeer != null) {
          compared.add(PythonPeer.run(python, pythonPeer, sources, settings.out().resolve("compare").resolve(PythonPeer.LABEL), stdout));
        }
      }
      List<Item> items = PipelineRun.items(sources);
      int resumed = settings.resume() ? Manifest.resume(settings.out(), items) : 0;
      if (resumed > 0) {
        stdout.printf("resume: %d of %d items already done in %s%n", resumed, items.size(), settings.out());
      }
      PipelineRun.Result result;
      QueueRun queued = null;
      long started = System.nanoTime();
      try (Progress progress = Progress.forConsole(stdout, main.label(), items.size())) {
        if (queue.url != null) {
          QueueRun q = queued = new QueueRun(queue, items, settings, progress, stdout);
          result = Async.run(q::run);
          described.put("queue", queue.where());
          described.put("queueName", queue.name);
          described.put("workers", String.join(", ", q.workers()));
        } else {
          result = runItems(main, items, settings, settings.out(), progress, profile);
        }
      } catch (CancelledException e) {
        // Ctrl-C: what was done is kept, and written down; the rest is marked cancelled.
        PipelineRun.cancelled(items);
        result = PipelineRun.Result.cancelled(main, items, (System.nanoTime() - started) / 1e9);
        stdout.println("interrupted: " + items.stream().filter(i -> i.errorKind == ErrorKind.CANCELLED).count()
            + " items cancelled");
      }
      if (compare) {
        compared.add(compared.size() - (pythonPeer == null ? 0 : 1), CompareRow.of(result));
      }
      Manifest.write(settings.out(), result, described);
      Report.write(settings.out(), result, compared, described);
      printSummary(result, settings.out());
      if (compare) {
        stdout.print(Report.table(compared));
      }
      if (queued != null && queued.failure() != null) {
        throw queued.failure(); // named, exit status 1, after the manifest says what was done
      }
      return result.failed() > 0 ? SOME_FAILED : OK;
    } finally {
      if (server != null) {
        server.close();
      }
    }
  }

  private static long totalBytes(ImageServer server) {
    long n = 0;
    for (int i = 0; i < server.urls().size(); i++) {
      n += server.photo(i).length;
    }
    return n;
  }

  /** Every other mode first, the chosen one last (it writes DIR); download-only before process-only. */
  private static List<Mode> compareOrder(Mode main) {
    List<Mode> order = new ArrayList<>();
    for (Mode m : List.of(Mode.SYNC, Mode.THREADS, Mode.ASYNC, Mode.ASYNC_CPU, Mode.BOUNDED,
        Mode.PIPELINED, Mode.DOWNLOAD_ONLY, Mode.PROCESS_ONLY)) {
      if (m != main) {
        order.add(m);
      }
    }
    return order;
  }

  private PipelineRun.Result runOnce(Mode m, List<URI> sources, Settings s, Path inputs, Progress progress) {
    return runItems(m, PipelineRun.items(sources), s, inputs, progress, null);
  }

  private PipelineRun.Result runItems(Mode m, List<Item> items, Settings s, Path inputs, Progress progress, Path profileTo) {
    return Async.run(() -> {
      try (Downloader downloader = Downloader.open(s)) {
        PipelineRun run = new PipelineRun(m, items, s, downloader, progress, inputs);
        if (profileTo == null) {
          return run.run();
        }
        PipelineRun.Result[] r = new PipelineRun.Result[1];
        ProfileReport p = Async.profile(() -> r[0] = run.run());
        stdout.printf("profile: %s%n", p.write(profileTo));
        stdout.print(p.text());
        return r[0];
      }
    });
  }

  private Settings settings() {
    ImageProcessor.Format f = switch (format.toLowerCase(Locale.ROOT)) {
      case "jpeg", "jpg" -> ImageProcessor.Format.JPEG;
      case "png" -> ImageProcessor.Format.PNG;
      default -> throw new UsageError("invalid value for --format: '" + format + "' (use jpeg or png)");
    };
    if (limit < 1) {
      throw new UsageError("invalid value for --limit: must be at least 1, not " + limit);
    }
    if (retries < 0) {
      throw new UsageError("invalid value for --retries: must not be negative, not " + retries);
    }
    return new Settings(out, f, option("--max-pixels", maxPixels, Units::pixels), limit,
        positive("--connect-timeout", connectTimeout), positive("--read-timeout", readTimeout),
        positive("--timeout", timeout), retries, resume);
  }

  private static Duration positive(String name, String value) {
    Duration d = option(name, value, Units::duration);
    if (d.isZero()) {
      throw new UsageError("invalid value for " + name + ": must be more than zero, not '" + value + "'");
    }
    return d;
  }

  /** One URL a line; blank lines and {@code #} comments skipped; each must be http(s). */
  static List<URI> readUrls(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new UsageError("cannot read --urls " + file + ": " + e);
    }
    List<URI> urls = new ArrayList<>();
    for (int n = 0; n < lines.size(); n++) {
      String line = lines.get(n);
      int hash = line.indexOf('#');
      String s = (hash >= 0 ? line.substring(0, hash) : line).strip();
      if (s.isEmpty()) {
        continue;
      }
      try {
        URI u = new URI(s);
        if (u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https"))
            || u.getHost() == null) {
          throw new URISyntaxException(s, "not an absolute http or https URL");
        }
        urls.add(u);
      } catch (URISyntaxException e) {
        throw new UsageError("--urls " + file + " line " + (n + 1) + ": '" + s + "' is not an absolute http(s) URL");
      }
    }
    if (urls.isEmpty()) {
      throw new UsageError("--urls " + file + " has no URLs");
    }
    return urls;
  }

  private Map<String, Object> describe(Settings s, int count, boolean embedded, Duration lat, long bw, int[] wh) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("source", embedded ? "embedded" : String.valueOf(urls));
    if (embedded) {
      m.put("images", count);
      m.put("size", wh[0] + "x" + wh[1]);
      m.put("seed", seed);
      m.put("latency", Units.show(lat));
      m.put("bandwidth", bandwidth);
      m.put("bandwidthBytesPerSecond", bw);
    }
    m.put("limitPerHost", s.limit());
    m.put("format", s.format().extension());
    m.put("maxPixels", s.maxPixels());
    m.put("cores", Runtime.getRuntime().availableProcessors());
    m.put("backend", System.getProperty("jasyncio.backend", "default"));
    m.put("resume", s.resume());
    return m;
  }

  private void printSummary(PipelineRun.Result r, Path dir) {
    stdout.printf(Locale.ROOT, "%s: %d images, %d ok, %d failed in %.2f s (download stage %.2f s, processing stage %.2f s);"
            + " %.1f images/s, %.1f MB/s%n",
        r.mode().label(), r.items().size(), r.ok(), r.failed(), r.totalSeconds(), r.downloadSeconds(),
        r.processSeconds(), r.totalSeconds() > 0 ? r.ok() / r.totalSeconds() : 0,
        r.totalSeconds() > 0 ? r.bytes() / 1e6 / r.totalSeconds() : 0);
    for (Item i : r.items()) {
      if (i.failed()) {
        stdout.printf("  failed %s: %s: %s%n", i.url, i.errorKind.label(), i.error);
      }
    }
    stdout.println("manifest: " + dir.resolve(Manifest.FILE));
    stdout.println("report:   " + dir.resolve(Report.FILE));
  }
}
