package dev.jasyncio.http;

import dev.jasyncio.Async;
import dev.jasyncio.AsyncStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import okhttp3.MediaType;
import okhttp3.Response;
import okio.BufferedSource;

/**
 * The response to a request of an {@link HttpSession}, its body still on the wire: aiohttp's
 * {@code ClientResponse}, httpx's {@code Response}. Read the body once, with {@link #bytes()},
 * {@link #text()}, {@link #saveTo(Path)} or {@link #body()} (chunks with back-pressure); each read
 * is a suspension point and never holds the loop. Close the response (try-with-resources): that
 * gives its connection back to the pool if the body was read to the end, or aborts the exchange
 * if not (a half-read connection is never reused), and frees the session's limit slot. Reading
 * the whole body closes it too.
 *
 * <pre>{@code
 * try (HttpResponse r = session.get("https://example.org/data.csv")) {
 *   r.raiseForStatus();
 *   long n = r.saveTo(Path.of("data.csv"));
 * }
 * }</pre>
 *
 * <p>A response belongs to the loop whose task sent it; read it from tasks of that loop.
 */
public final class HttpResponse implements AutoCloseable {
  /** How many characters of the body a {@link HttpStatusException} keeps. */
  public static final int EXCERPT_CHARS = 1000;

  private static final int CHUNK = 64 * 1024;

  private final HttpSession session;
  private final HttpRequest request;
  private final Exchange exchange;
  private final Response response;
  private final List<URI> history;
  private final HttpSession.Slots slots;
  private BufferedSource source;
  private long received;
  private boolean exhausted;
  private boolean closed;
  private boolean consumed;
  /**
   * The last response of its attempt: the redirects before it are over, and closing it stops
   * the attempt's total timeout, whose timer would otherwise hold the call until it fired.
   */
  private boolean ownsDeadline;

  HttpResponse(HttpSession session, HttpRequest request, Exchange exchange, Response response,
      List<URI> history, HttpSession.Slots slots) {
    this.session = session;
    this.request = request;
    this.exchange = exchange;
    this.response = response;
    this.history = List.copyOf(history);
    this.slots = slots;
  }

  // ---------------------------------------------------------------------------------------------
  // Status line and headers

  /**
   * The status code, such as 200 or 404.
   *
   * @return the status
   */
  public int status() {
    return response.code();
  }

  /**
   * The reason phrase, such as {@code OK} (empty over HTTP/2, which has none).
   *
   * @return the reason
   */
  public String reason() {
    return response.message();
  }

  /**
   * Whether the status is 2xx.
   *
   * @return true for 200 to 299
   */
  public boolean isSuccessful() {
    return response.isSuccessful();
  }

  /**
   * The headers, names lower case, looked up case-insensitively, values in order.
   *
   * @return the headers
   */
  public Map<String, List<String>> headers() {
    return response.headers().toMultimap();
  }

  /**
   * The last value of a header.
   *
   * @param name the header name, any case
   * @return its value, if present
   */
  public Optional<String> header(String name) {
    return Optional.ofNullable(response.header(Objects.requireNonNull(name, "name")));
  }

  /**
   * The URL that answered (after redirects).
   *
   * @return the URL
   */
  public URI url() {
    return exchange.url();
  }

  /**
   * The URLs that redirected to this one, in order (empty if there was no redirect).
   *
   * @return the earlier hops
   */
  public List<URI> history() {
    return history;
  }

  /**
   * The request that was sent (the first hop's).
   *
   * @return the request
   */
  public HttpRequest request() {
    return request;
  }

  /**
   * The protocol spoken: {@code http/1.0}, {@code http/1.1}, {@code h2} or {@code h2_prior_knowledge}.
   *
   * @return the protocol's name
   */
  public String protocol() {
    return response.protocol().toString();
  }

  /**
   * The body's announced length, or -1 if unknown (chunked, or decompressed).
   *
   * @return the length
   */
  public long contentLength() {
    return response.body().contentLength();
  }

  /**
   * The body's media type, such as {@code text/html; charset=utf-8}.
   *
   * @return the {@code Content-Type}, if any
   */
  public Optional<String> contentType() {
    MediaType t = response.body().contentType();
    return Optional.ofNullable(t).map(MediaType::toString);
  }

  /**
   * Body bytes read so far.
   *
   * @return the count
   */
  public long received() {
    return received;
  }

  /**
   * Throws if the status is 4xx or 5xx (the response is then closed, its body's start kept in
   * the exception); aiohttp's {@code raise_for_status}.
   *
   * @return this response, for chaining
   * @throws HttpStatusException for a 4xx or 5xx status
   */
  public HttpResponse raiseForStatus() {
    int status = status();
    if (status < 400) {
      return this;
    }
    String excerpt = "";
    try {
      byte[] start = readAtMost(EXCERPT_CHARS * 4);
      excerpt = new String(start, charset());
      if (excerpt.length() > EXCERPT_CHARS) {
        excerpt = excerpt.substring(0, EXCERPT_CHARS);
      }
    } catch (HttpException unreadable) {
      // the status is the error; a body that fails to arrive does not hide it
    } finally {
      close();
    }
    throw new HttpStatusException(status, url(), excerpt.strip());
  }

  // ---------------------------------------------------------------------------------------------
  // The body

  /**
   * Reads the whole body and closes the response.
   *
   * @return the body's bytes
   * @throws TruncatedBodyException if the connection closed before the announced length
   * @throws HttpTimeoutException if the read or total timeout passed
   */
  public byte[] bytes() {
    claimBody("bytes()");
    try {
      long length = contentLength();
      // one byte more than announced, so a small body and its end arrive in one read
      int size = length >= 0 && length < CHUNK ? (int) length + 1 : CHUNK;
      ByteArrayOutputStream out = new ByteArrayOutputStream(size);
      byte[] buf = new byte[size];
      while (!exhausted) {
        out.write(buf, 0, fill(buf));
      }
      return out.toByteArray();
    } finally {
      close();
    }
  }

  /**
   * Reads the whole body as text, in the charset its {@code Content-Type} names (UTF-8 if none),
   * and closes the response.
   *
   * @return the body's text
   */
  public String text() {
    return new String(bytes(), charset());
  }

  /**
   * Streams the body into a file, chunk by chunk (memory stays small whatever the size), the
   * writes made off the loop; then closes the response. An existing file is replaced. If the
   * download fails or is cancelled, the partial file is deleted.
   *
   * @param file where to write
   * @return the number of bytes written
   */
  public long saveTo(Path file) {
    Objects.requireNonNull(file, "file");
    claimBody("saveTo(Path)");
    boolean done = false;
    FileChannel channel = null;
    try {
      channel = Async.toThread(() -> FileChannel.open(file, StandardOpenOption.CREATE,
          StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE));
      FileChannel ch = channel;
      byte[] buf = new byte[CHUNK];
      long written = 0;
      while (!exhausted) {
        int n = fill(buf);
        if (n > 0) {
          ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
          Async.toThread(() -> {
            while (bb.hasRemaining()) {
              ch.write(bb);
            }
          });
          written += n;
        }
      }
      done = true;
      return written;
    } finally {
      try {
        if (channel != null) {
          channel.close();
        }
        if (!done) {
          Files.deleteIfExists(file);
        }
      } catch (IOException e) {
        if (done) {
          throw new UncheckedIOException("cannot close " + file, e);
        }
      } finally {
        close();
      }
    }
  }

  /**
   * The body as a stream of chunks (each a fresh array, as they arrive, at most 64 KiB),
   * produced only as fast as the consumer takes them; aiohttp's {@code response.content}
   * iterated. Reaching the end closes the response; closing the stream early aborts it.
   *
   * <pre>{@code
   * try (HttpResponse r = session.get(url); AsyncStream<byte[]> chunks = r.body()) {
   *   for (byte[] chunk : chunks) digest.update(chunk);
   * }
   * }</pre>
   *
   * @return the chunks
   */
  public AsyncStream<byte[]> body() {
    claimBody("body()");
    return AsyncStream.generate(out -> {
      try {
        byte[] buf = new byte[CHUNK];
        while (!exhausted) {
          int n = readSome(buf);
          if (n > 0) {
            out.emit(Arrays.copyOf(buf, n));
          }
        }
      } finally {
        close();
      }
    });
  }

  /**
   * Closes the response: the connection goes back to the pool if the body was read to the end,
   * else the exchange is aborted and the connection discarded; the limit slot is freed. Closing
   * twice does nothing.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (!exhausted && !knownEmpty()) {
        exchange.call.cancel(); // never hand a half-read connection back to the pool
      }
      response.close();
    } finally {
      if (ownsDeadline && exchange.deadline != null) {
        exchange.deadline.stop(); // first: it cannot throw, and a failed release must not skip it
      }
      session.finished(exchange, slots);
    }
  }

  /** It ends its attempt (no redirect follows it): its close stops the total timeout. */
  void ownDeadline() {
    ownsDeadline = true;
  }

  @Override
  public String toString() {
    return "HttpResponse[" + status() + " " + request.method() + " " + url() + "]";
  }

  // ---------------------------------------------------------------------------------------------
  // Reading

  private void claimBody(String how) {
    if (consumed) {
      throw new IllegalStateException("the body of " + this + " was already read; read it once, with "
          + "bytes(), text(), saveTo(), or body() (here: " + how + ")");
    }
    if (closed) {
      throw new IllegalStateException(this + " is closed; read its body before closing it");
    }
    consumed = true;
  }

  private boolean knownEmpty() {
    int s = status();
    return request.method().equals("HEAD") || s == 204 || s == 304 || contentLength() == 0;
  }

  private BufferedSource source() {
    if (source == null) {
      source = response.body().source();
    }
    return source;
  }

  /** Reads what arrives next (one read), up to {@code buf.length}; 0 at the end. */
  private int readSome(byte[] buf) {
    long before = received;
    exchange.io(this, () -> {
      int r = source().read(buf, 0, buf.length);
      if (r < 0) {
        exhausted = true;
      } else {
        received += r;
      }
      return null;
    });
    session.progress(this, received, contentLength());
    return (int) (received - before);
  }

  /** Reads until {@code buf} is full or the body ends, in one blocking section. */
  private int fill(byte[] buf) {
    long before = received;
    exchange.io(this, () -> {
      BufferedSource s = source();
      int off = 0;
      while (off < buf.length) {
        int r = s.read(buf, off, buf.length - off);
        if (r < 0) {
          exhausted = true;
          break;
        }
        off += r;
        received += r; // counted as it arrives: a truncation reports what did
      }
      return null;
    });
    session.progress(this, received, contentLength());
    return (int) (received - before);
  }

  private byte[] readAtMost(int limit) {
    byte[] buf = new byte[limit];
    int n = fill(buf);
    return Arrays.copyOf(buf, n);
  }

  private Charset charset() {
    MediaType t = response.body().contentType();
    Charset c = t == null ? null : t.charset(null);
    return c != null ? c : StandardCharsets.UTF_8;
  }
}
