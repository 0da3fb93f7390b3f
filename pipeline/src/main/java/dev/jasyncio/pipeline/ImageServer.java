package dev.jasyncio.pipeline;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * An image server on the loopback interface, for the pipeline's embedded default, its tests and
 * the tour: it serves {@link PhotoGenerator} photos at {@code /img/000.jpg}, {@code /img/001.jpg},
 * ... with a first-byte latency and a bandwidth per connection, as a distant server would, and
 * injects a {@link Fault} for any image it is told to. It counts the requests it is serving at
 * once, so a test can check a concurrency limit from the server's side.
 *
 * <pre>{@code
 * try (ImageServer server = ImageServer.builder().images(12).size(1920, 1080)
 *     .latency(Duration.ofMillis(150)).bandwidth(4_000_000).fault(3, Fault.NOT_FOUND).start()) {
 *   List<URI> urls = server.urls();
 * }
 * }</pre>
 *
 * <p>It runs on the JDK's {@code com.sun.net.httpserver} with one platform thread per request;
 * a {@link Fault#RESET} image is served from a plain socket beside it, the one way to send a TCP
 * reset, which that server cannot.
 */
public final class ImageServer implements AutoCloseable {
  /** Photos already made, by seed and size: tests and --compare start many servers. */
  private static final Map<String, byte[]> PHOTOS = new ConcurrentHashMap<>();

  private final Builder config;
  private final Map<Integer, Fault> faults;
  private final byte[][] photos;
  private final HttpServer http;
  private final ServerSocket resetSocket;
  private final ExecutorService threads;
  private final CountDownLatch closed = new CountDownLatch(1);
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger mostInFlight = new AtomicInteger();
  private final AtomicInteger requests = new AtomicInteger();

  /**
   * A builder with the pipeline's defaults: 12 images of 1920×1080, seed 0, 150 ms latency,
   * 4 MB/s per connection, no faults.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Settings of an {@link ImageServer}. */
  public static final class Builder {
    private int images = 12;
    private int width = 1920;
    private int height = 1080;
    private long seed;
    private Duration latency = Duration.ofMillis(150);
    private long bandwidth = 4_000_000;
    private final Map<Integer, Fault> faults = new ConcurrentHashMap<>();

    private Builder() {}

    /**
     * How many images it serves.
     *
     * @param n at least 1
     * @return this
     */
    public Builder images(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("images must be at least 1, not " + n);
      }
      images = n;
      return this;
    }

    /**
     * Their size.
     *
     * @param width pixels, at least 1
     * @param height pixels, at least 1
     * @return this
     */
    public Builder size(int width, int height) {
      if (width < 1 || height < 1) {
        throw new IllegalArgumentException("size must be positive, not " + width + "x" + height);
      }
      this.width = width;
      this.height = height;
      return this;
    }

    /**
     * The seed the photos are made from.
     *
     * @param seed any number
     * @return this
     */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * How long each response waits before its first byte.
     *
     * @param latency zero or more
     * @return this
     */
    public Builder latency(Duration latency) {
      if (latency.isNegative()) {
        throw new IllegalArgumentException("latency must not be negative, not " + latency);
      }
      this.latency = latency;
      return this;
    }

    /**
     * Bytes per second each connection sends at most.
     *
     * @param bytesPerSecond at least 1
     * @return this
     */
    public Builder bandwidth(long bytesPerSecond) {
      if (bytesPerSecond < 1) {
        throw new IllegalArgumentException("bandwidth must be at least 1 byte/s, not " + bytesPerSecond);
      }
      this.bandwidth = bytesPerSecond;
      return this;
    }

    /**
     * Injects {@code fault} for image {@code index}.
     *
     * @param index the image, from 0
     * @param fault what goes wrong
     * @return this
     */
    public Builder fault(int index, Fault fault) {
      faults.put(index, Objects.requireNonNull(fault, "fault"));
      return this;
    }

    /**
     * Makes the photos (on every core) and starts serving.
     *
     * @return the running server
     * @throws UncheckedIOException if it cannot listen
     */
    public ImageServer start() {
      return new ImageServer(this);
    }
  }

  private ImageServer(Builder b) {
    this.config = b;
    this.faults = Map.copyOf(b.faults); // later builder changes do not reach a running server
    this.photos = IntStream.range(0, b.images).parallel()
        .mapToObj(i -> PHOTOS.computeIfAbsent(b.seed + ":" + i + ":" + b.width + "x" + b.height,
            k -> PhotoGenerator.jpeg(b.seed * 1_000_003L + i, b.width, b.height)))
        .toArray(byte[][]::new);
    AtomicInteger n = new AtomicInteger();
    threads = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "image-server-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    try {
      InetAddress loopback = InetAddress.getLoopbackAddress();
      http = HttpServer.create(new InetSocketAddress(loopback, 0), 128);
      http.setExecutor(threads);
      http.createContext("/img/", this::serve);
      resetSocket = new ServerSocket(0, 50, loopback);
    } catch (IOException e) {
      throw new UncheckedIOException("image server cannot listen on loopback", e);
    }
    http.start();
    threads.execute(this::acceptResets);
  }

  /**
   * The URL of every image, in order; an image with a {@link Fault#RESET} is served from the
   * reset socket's port.
   *
   * @return the URLs
   */
  public List<URI> urls() {
    List<URI> urls = new ArrayList<>();
    for (int i = 0; i < photos.length; i++) {
      urls.add(url(i));
    }
    return urls;
  }

  /**
   * The URL of image {@code index}.
   *
   * @param index from 0
   * @return its URL
   */
  public URI url(int index) {
    int port = faults.get(index) == Fault.RESET ? resetSocket.getLocalPort() : http.getAddress().getPort();
    return URI.create(String.format(Locale.ROOT, "http://127.0.0.1:%d/img/%03d.jpg", port, index));
  }

  /**
   * The bytes of image {@code index} as served without faults.
   *
   * @param index from 0
   * @return the JPEG
   */
  public byte[] photo(int index) {
    return photos[index];
  }

  /**
   * The most requests it was serving at one time since it started or since
   * {@link #resetCounts()}.
   *
   * @return the peak
   */
  public int mostInFlight() {
    return mostInFlight.get();
  }

  /**
   * How many requests it received since it started or since {@link #resetCounts()}.
   *
   * @return the count
   */
  public int requests() {
    return requests.get();
  }

  /** Sets the peak and the request count back to zero. */
  public void resetCounts() {
    mostInFlight.set(0);
    requests.set(0);
  }

  /**
   * A request counted in flight from its arrival until just before its last bytes are written:
   * the client cannot have finished reading before then, so the server's count never runs
   * ahead of the client's.
   */
  private final class InFlight {
    private boolean left;

    InFlight() {
      requests.incrementAndGet();
      mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
    }

    void leave() {
      if (!left) {
        left = true;
        inFlight.decrementAndGet();
      }
    }
  }

  private void serve(HttpExchange ex) throws IOException {
    InFlight counted = new InFlight();
    try (ex) {
      int index = indexOrMinus(ex.getRequestURI().getPath());
      if (index < 0) {
        ex.sendResponseHeaders(404, -1);
        return;
      }
      Fault fault = faults.get(index);
      byte[] body = photos[index];
      if (!pause(config.latency)) {
        return;
      }
      if (fault == null) {
        send(ex, counted, 200, "image/jpeg", body);
        return;
      }
      switch (fault) {
        case NOT_FOUND -> send(ex, counted, 404, "text/plain", "no such image\n".getBytes(StandardCharsets.UTF_8));
        case NOT_AN_IMAGE -> send(ex, counted, 200, "image/jpeg",
            "<html><body>Sorry, this is not an image.</body></html>\n".getBytes(StandardCharsets.UTF_8));
        case TRUNCATED_JPEG -> send(ex, counted, 200, "image/jpeg", java.util.Arrays.copyOf(body, body.length / 2));
        case TOO_MANY_PIXELS -> send(ex, counted, 200, "image/jpeg", bomb());
        case STALL -> {
          ex.getResponseHeaders().set("Content-Type", "image/jpeg");
          ex.sendResponseHeaders(200, body.length);
          OutputStream out = ex.getResponseBody();
          throttle(out, body, body.length / 2, null);
          out.flush();
          pause(Duration.ofMinutes(10)); // until the client gives up and the server closes
          throw new IOException("stalled on purpose"); // never finish the body
        }
        case TRUNCATED_BODY -> {
          ex.getResponseHeaders().set("Content-Type", "image/jpeg");
          ex.sendResponseHeaders(200, body.length);
          OutputStream out = ex.getResponseBody();
          throttle(out, body, body.length / 2, null);
          out.flush();
          // Closing short of the declared length makes the server drop the connection.
        }
        case RESET -> send(ex, counted, 200, "image/jpeg", body); // served on the reset socket instead
      }
    } catch (IOException e) {
      // The client went away, or a fault ended the exchange: nothing to answer.
    } finally {
      counted.leave();
    }
  }

  private static int index(String path) {
    String name = path.substring(path.lastIndexOf('/') + 1);
    if (!name.matches("\\d{3,}\\.jpg")) {
      return -1;
    }
    return Integer.parseInt(name.substring(0, name.length() - 4));
  }

  private int indexOrMinus(String path) {
    int i = index(path);
    return i >= 0 && i < photos.length ? i : -1;
  }

  private void send(HttpExchange ex, InFlight counted, int status, String type, byte[] body) throws IOException {
    ex.getResponseHeaders().set("Content-Type", type);
    if (body.length == 0) {
      counted.leave();
    }
    ex.sendResponseHeaders(status, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      throttle(out, body, body.length, counted);
    }
  }

  /**
   * Writes the first {@code length} bytes at no more than the configured bandwidth; leaves the
   * in-flight count (if given) before the last chunk.
   */
  private void throttle(OutputStream out, byte[] body, int length, InFlight counted) throws IOException {
    long start = System.nanoTime();
    int chunk = 16 * 1024;
    for (int sent = 0; sent < length; ) {
      int n = Math.min(chunk, length - sent);
      if (counted != null && sent + n == length) {
        counted.leave();
      }
      out.write(body, sent, n);
      sent += n;
      long due = start + (long) (sent * 1e9 / config.bandwidth);
      long wait = due - System.nanoTime();
      if (wait > 0 && !pause(Duration.ofNanos(wait))) {
        throw new IOException("server closed");
      }
    }
  }

  /** Sleeps, or returns false at once if the server is closing. */
  private boolean pause(Duration d) {
    if (d.isZero()) {
      return closed.getCount() > 0;
    }
    try {
      return !closed.await(d.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** A 16×16 JPEG whose frame header claims 10000×10000 pixels. */
  static byte[] bomb() {
    byte[] jpeg = PhotoGenerator.jpeg(7, 16, 16);
    for (int i = 2; i + 8 < jpeg.length; i++) {
      int m = jpeg[i + 1] & 0xFF;
      if ((jpeg[i] & 0xFF) == 0xFF && m >= 0xC0 && m <= 0xC2) { // SOF0..SOF2: length, precision, height, width
        jpeg[i + 5] = (byte) (10000 >> 8);
        jpeg[i + 6] = (byte) (10000 & 0xFF);
        jpeg[i + 7] = (byte) (10000 >> 8);
        jpeg[i + 8] = (byte) (10000 & 0xFF);
        return jpeg;
      }
    }
    throw new IllegalStateException("no frame header in the generated JPEG");
  }

  /** The reset socket: reads a request, sends headers and half the image, then a TCP RST. */
  private void acceptResets() {
    while (!resetSocket.isClosed()) {
      Socket s;
      try {
        s = resetSocket.accept();
      } catch (IOException e) {
        return; // closed
      }
      threads.execute(() -> resetOne(s));
    }
  }

  private void resetOne(Socket s) {
    InFlight counted = new InFlight();
    try (s) {
      String path = readRequestPath(s.getInputStream());
      int index = path == null ? -1 : indexOrMinus(path);
      byte[] body = index < 0 ? new byte[0] : photos[index];
      if (!pause(config.latency)) {
        return;
      }
      OutputStream out = s.getOutputStream();
      out.write(("HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\nContent-Length: " + body.length
          + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      throttle(out, body, body.length / 2, null);
      out.flush();
      s.setSoLinger(true, 0); // close with RST, not FIN
    } catch (IOException e) {
      // the client went away first
    } finally {
      counted.leave();
    }
  }

  private static String readRequestPath(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    String first = null;
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        String l = line.toString().stripTrailing();
        if (first == null) {
          first = l;
        } else if (l.isEmpty()) {
          break; // end of headers
        }
        line.setLength(0);
      } else {
        line.append((char) c);
      }
    }
    if (first == null) {
      return null;
    }
    String[] parts = first.split(" ");
    return parts.length >= 2 ? parts[1] : null;
  }

  @Override
  public void close() {
    closed.countDown();
    http.stop(0);
    try {
      resetSocket.close();
    } catch (IOException e) {
      // already closed
    }
    threads.shutdownNow();
  }

  /**
   * The faults it injects, by image index.
   *
   * @return a copy
   */
  public Map<Integer, Fault> faults() {
    return faults;
  }
}
