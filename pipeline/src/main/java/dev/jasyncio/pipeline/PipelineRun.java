package dev.jasyncio.pipeline;

import dev.jasyncio.Async;
import dev.jasyncio.CancelledException;
import dev.jasyncio.Semaphore;
import dev.jasyncio.io.AsyncFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One run of the pipeline in one {@link Mode}: download → decode → filter → encode → write for
 * every item, each failure recorded on its item. Runs as a task of a loop.
 */
final class PipelineRun {
  /** The seed's async3 semaphore. */
  static final int BOUNDED_DOWNLOADS = 4;

  static final String DOWNLOADS = "downloads";
  static final String PROCESSED = "processed";

  private final Mode mode;
  private final List<Item> items;
  private final Settings settings;
  private final Downloader downloader;
  private final Progress progress;
  private final Path inputs;
  private final ImageProcessor processor;
  private long start;

  /**
   * What a run did.
   *
   * @param mode its mode
   * @param items every item, in input order
   * @param totalSeconds wall time of the run
   * @param downloadSeconds span of the download stage: first start to last end
   * @param processSeconds span of the processing stage: first start to last end
   * @param otherCpuSeconds CPU time of the process outside the processing calls (downloads,
   *     the loop, GC, JIT), or -1 if unknown
   */
  record Result(Mode mode, List<Item> items, double totalSeconds, double downloadSeconds,
      double processSeconds, double otherCpuSeconds) {
    long ok() {
      return items.stream().filter(Item::ok).count();
    }

    long failed() {
      return items.stream().filter(Item::failed).count();
    }

    long bytes() {
      return items.stream().mapToLong(i -> Math.max(0, i.bytes)).sum();
    }

    double processCpuSeconds() {
      return items.stream().mapToDouble(i -> Math.max(0, i.cpuSeconds)).sum();
    }

    /** What a run that was cancelled after {@code seconds} had done. */
    static Result cancelled(Mode mode, List<Item> items, double seconds) {
      return of(mode, items, seconds);
    }

    /** What a run of {@code seconds} did, its CPU time unknown (cancelled, or done by workers). */
    static Result of(Mode mode, List<Item> items, double seconds) {
      return new Result(mode, items, seconds, span(items, true), span(items, false), -1);
    }
  }

  /**
   * A run.
   *
   * @param mode how to schedule
   * @param items the items, fresh
   * @param settings settings
   * @param downloader the download stage (unused by process-only)
   * @param progress where progress goes
   * @param inputs where process-only finds the downloaded images
   */
  PipelineRun(Mode mode, List<Item> items, Settings settings, Downloader downloader,
      Progress progress, Path inputs) {
    this.mode = mode;
    this.items = items;
    this.settings = settings;
    this.downloader = downloader;
    this.progress = progress;
    this.inputs = inputs;
    this.processor = new ImageProcessor(settings.format(), settings.maxPixels());
  }

  /** Items for {@code urls}, named after their last path segment (made unique). */
  static List<Item> items(List<URI> urls) {
    Map<String, Integer> seen = new HashMap<>();
    List<String> bases = new ArrayList<>();
    for (URI u : urls) {
      String path = u.getPath() == null ? "" : u.getPath();
      String last = path.substring(path.lastIndexOf('/') + 1);
      int dot = last.lastIndexOf('.');
      String base = (dot > 0 ? last.substring(0, dot) : last).replaceAll("[^A-Za-z0-9._-]", "_");
      if (base.isEmpty()) {
        base = "image";
      }
      bases.add(base);
      seen.merge(base, 1, Integer::sum);
    }
    List<Item> items = new ArrayList<>();
    for (int i = 0; i < urls.size(); i++) {
      String base = bases.get(i);
      String name = seen.get(base) > 1 ? String.format(Locale.ROOT, "%03d-%s", i, base) : base;
      items.add(new Item(i, urls.get(i), name));
    }
    return items;
  }

  Result run() {
    try {
      Files.createDirectories(settings.out().resolve(PROCESSED));
      Files.createDirectories(settings.out().resolve(DOWNLOADS));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + settings.out(), e);
    }
    List<Item> todo = items.stream().filter(i -> !i.resumed).toList();
    long cpu0 = processCpuNanos();
    start = System.nanoTime();
    try {
      schedule(todo);
    } catch (CancelledException e) {
      cancelled(items);
      throw e;
    }
    double total = seconds();
    long cpu1 = processCpuNanos();
    Result r = new Result(mode, items, total, span(items, true), span(items, false), -1);
    double other = cpu0 < 0 || cpu1 < 0 ? -1 : Math.max(0, (cpu1 - cpu0) / 1e9 - r.processCpuSeconds());
    return new Result(mode, items, total, r.downloadSeconds(), r.processSeconds(), other);
  }

  /** Runs the stages for {@code todo} in this run's mode. */
  private void schedule(List<Item> todo) {
    switch (mode) {
      case SYNC -> {
        for (Item item : todo) {
          download(item);
        }
        for (Item item : todo) {
          processStored(item);
        }
      }
      case THREADS -> {
        Async.taskGroup(tg -> {
          for (Item item : todo) {
            tg.createTask(() -> download(item), "download " + item.name);
          }
        });
        for (Item item : todo) {
          processStored(item);
        }
      }
      case ASYNC -> {
        all(todo, this::download);
        for (Item item : todo) {
          processStored(item);
        }
      }
      case ASYNC_CPU -> {
        all(todo, this::download);
        all(todo, this::processStored);
      }
      case BOUNDED -> {
        Semaphore four = new Semaphore(BOUNDED_DOWNLOADS);
        all(todo, item -> four.withPermit(() -> download(item)));
        all(todo, this::processStored);
      }
      case PIPELINED -> all(todo, item -> {
        byte[] data = download(item);
        if (data != null) {
          process(item, data);
        }
      });
      case DOWNLOAD_ONLY -> all(todo, item -> {
        if (download(item) != null) {
          item.status = "ok";
          progress.finished(item);
        }
      });
      case PROCESS_ONLY -> all(todo, this::processStored);
    }
  }

  /** Marks every item that had not finished when the run was cancelled (Ctrl-C). */
  static void cancelled(List<Item> items) {
    for (Item i : items) {
      if (!i.ok() && !i.failed()) {
        i.fail(ErrorKind.CANCELLED, "the run was cancelled before this item finished");
      }
    }
  }

  private static double span(List<Item> items, boolean download) {
    double first = Double.MAX_VALUE;
    double last = 0;
    for (Item i : items) {
      double s = download ? i.downloadStart : i.processStart;
      double e = download ? i.downloadEnd : i.processEnd;
      if (s >= 0 && e >= 0) {
        first = Math.min(first, s);
        last = Math.max(last, e);
      }
    }
    return first == Double.MAX_VALUE ? 0 : last - first;
  }

  /** Runs {@code body} for every item as tasks at once and waits for all. */
  private static void all(List<Item> items, Step body) {
    Async.taskGroup(tg -> {
      for (Item item : items) {
        tg.createTask(() -> body.run(item), item.name);
      }
    });
  }

  @FunctionalInterface
  private interface Step {
    void run(Item item) throws Exception;
  }

  private double seconds() {
    return (System.nanoTime() - start) / 1e9;
  }

  /** Downloads one item and stores the original; null (and the item failed) if it failed. */
  private byte[] download(Item item) {
    return Async.stage("download", () -> downloadUnlabelled(item)); // a profile's row
  }

  private byte[] downloadUnlabelled(Item item) {
    item.downloadStart = seconds();
    progress.started(item);
    try {
      byte[] data = downloader.download(item.url, progress::bytes);
      item.bytes = data.length;
      write(downloadPath(item), data);
      return data;
    } catch (ItemException e) {
      fail(item, e.kind(), e.getMessage());
      return null;
    } catch (CancelledException e) {
      throw e;
    } catch (RuntimeException e) {
      fail(item, ErrorKind.OTHER, e.toString());
      return null;
    } finally {
      item.downloadEnd = seconds();
    }
  }

  private Path downloadPath(Item item) {
    return settings.out().resolve(DOWNLOADS).resolve(item.name + ".download");
  }

  /** Processes an item from its stored download, as the seed's scripts do between phases. */
  private void processStored(Item item) {
    if (item.failed()) {
      return;
    }
    Path in = (mode == Mode.PROCESS_ONLY ? inputs : settings.out()).resolve(DOWNLOADS).resolve(item.name + ".download");
    byte[] data;
    try {
      data = AsyncFiles.readAllBytes(in);
    } catch (CancelledException e) {
      throw e;
    } catch (Exception e) {
      Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
      String why = cause instanceof NoSuchFileException
          ? "not downloaded yet: " + in + " is missing (run --mode download-only first)" : "reading " + in + ": " + cause;
      fail(item, ErrorKind.FILE_IO, why);
      return;
    }
    if (item.bytes < 0) {
      item.bytes = data.length;
    }
    process(item, data);
  }

  private record Done(ImageProcessor.Result result, String sha256) {}

  private void process(Item item, byte[] data) {
    Async.stage("process", () -> processUnlabelled(item, data)); // a profile's row
  }

  private void processUnlabelled(Item item, byte[] data) {
    item.processStart = seconds();
    try {
      Done done = Async.onCpu(() -> {
        item.cpuStart = seconds(); // read on the loop only after onCpu returns
        ImageProcessor.Result r = processor.process(data);
        return new Done(r, sha256(r.output()));
      });
      ImageProcessor.Result r = done.result();
      Path out = settings.out().resolve(PROCESSED).resolve(item.name + "." + settings.format().extension());
      write(out, r.output());
      item.width = r.width();
      item.height = r.height();
      item.decodeSeconds = r.decodeSeconds();
      item.filterSeconds = r.filterSeconds();
      item.encodeSeconds = r.encodeSeconds();
      item.cpuSeconds = r.cpuSeconds();
      item.output = settings.out().relativize(out).toString().replace('\\', '/');
      item.sha256 = done.sha256();
      item.status = "ok";
      item.processEnd = seconds();
      progress.finished(item);
    } catch (ItemException e) {
      item.processEnd = seconds();
      fail(item, e.kind(), e.getMessage());
    } catch (CancelledException e) {
      throw e;
    } catch (RuntimeException e) {
      item.processEnd = seconds();
      fail(item, ErrorKind.OTHER, e.toString());
    }
  }

  /** Writes a file off the loop; a failure is the item's, of kind {@code FILE_IO}. */
  private static void write(Path file, byte[] data) {
    try {
      AsyncFiles.write(file, data);
    } catch (CancelledException e) {
      throw e;
    } catch (Exception e) {
      Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
      throw new ItemException(ErrorKind.FILE_IO, "writing " + file + ": " + cause, cause);
    }
  }

  private void fail(Item item, ErrorKind kind, String message) {
    item.fail(kind, message);
    progress.finished(item);
  }

  static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JDK has SHA-256", e);
    }
  }

  private static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }
}
