package dev.jasyncio.examples;

import dev.jasyncio.Async;
import dev.jasyncio.ThrowingRunnable;
import dev.jasyncio.http.HttpResponse;
import dev.jasyncio.http.HttpSession;
import dev.jasyncio.io.AsyncFiles;
import dev.jasyncio.pipeline.ImageProcessor;
import dev.jasyncio.pipeline.ImageServer;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * What seed 000's four real-world lessons share: the photos they download (from the pipeline's
 * image server on loopback, small so the tour stays quick), the seed's edge filter, the timing
 * of each phase, and two counters that show the lesson — how many downloads the server saw at
 * once, and how many images were being processed at once.
 */
final class RealWorld implements AutoCloseable {
  static final int IMAGES = 8;
  static final Duration LATENCY = Duration.ofMillis(100);

  final ImageServer server = ImageServer.builder().images(IMAGES).size(480, 270)
      .latency(LATENCY).bandwidth(1_000_000).start();
  private final ImageProcessor processor = new ImageProcessor(ImageProcessor.Format.JPEG, 50_000_000);
  private final Path dir;
  private final List<Path> downloaded = new ArrayList<>();
  private int processing;
  private int mostProcessing;
  private double downloadSeconds;
  private double processSeconds;
  private long start;

  RealWorld() {
    try {
      dir = Files.createTempDirectory("real-world-");
      Files.createDirectories(dir.resolve("processed"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  List<URI> urls() {
    return server.urls();
  }

  /** The images downloaded so far, in the order they arrived. */
  List<Path> downloaded() {
    return List.copyOf(downloaded);
  }

  /**
   * Times the download phase. One request goes first, untimed and uncounted: it loads the HTTP
   * client's classes and opens a connection, a one-off cost the seed's timings do not show either.
   */
  void downloads(HttpSession http, ThrowingRunnable phase) throws Exception {
    try (HttpResponse r = http.get(server.url(0))) {
      r.bytes();
    }
    server.resetCounts();
    long t = System.nanoTime();
    start = t;
    phase.run();
    downloadSeconds = (System.nanoTime() - t) / 1e9;
  }

  /** Times the processing phase. */
  void processing(ThrowingRunnable phase) throws Exception {
    long t = System.nanoTime();
    phase.run();
    processSeconds = (System.nanoTime() - t) / 1e9;
  }

  /** Downloads one image with {@code http} and writes it off the loop. */
  Path download(HttpSession http, URI url) throws IOException {
    Path file = dir.resolve(url.getPath().substring(url.getPath().lastIndexOf('/') + 1));
    try (HttpResponse r = http.get(url)) {
      AsyncFiles.write(file, r.raiseForStatus().bytes());
    }
    downloaded.add(file);
    return file;
  }

  /** Decodes, filters, encodes and writes one image on the calling thread (holding the loop). */
  void processHere(Path file) throws IOException {
    processing++;
    mostProcessing = Math.max(mostProcessing, processing);
    try {
      byte[] out = processor.process(Files.readAllBytes(file)).output();
      Files.write(dir.resolve("processed").resolve(file.getFileName()), out);
    } finally {
      processing--;
    }
  }

  /** The same, on the CPU pool: the calling task waits, the loop runs on. */
  void processOnCpu(Path file) throws IOException {
    processing++;
    mostProcessing = Math.max(mostProcessing, processing);
    try {
      byte[] out = Async.onCpu(() -> processor.process(Files.readAllBytes(file)).output());
      AsyncFiles.write(dir.resolve("processed").resolve(file.getFileName()), out);
    } finally {
      processing--;
    }
  }

  void report(PrintStream out) {
    out.printf(Locale.ROOT, "downloaded %d images in %.2f s, at most %d at once (the server counts)%n",
        downloaded.size(), downloadSeconds, server.mostInFlight());
    out.printf(Locale.ROOT, "processed %d images in %.2f s, at most %d at once%n",
        countProcessed(), processSeconds, mostProcessing);
    out.printf(Locale.ROOT, "total %.2f s%n", (System.nanoTime() - start) / 1e9);
  }

  private long countProcessed() {
    try (Stream<Path> s = Files.list(dir.resolve("processed"))) {
      return s.count();
    } catch (IOException e) {
      return -1;
    }
  }

  @Override
  public void close() {
    server.close();
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind is harmless
    }
  }
}
