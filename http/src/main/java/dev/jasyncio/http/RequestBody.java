package dev.jasyncio.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import okhttp3.FormBody;
import okhttp3.MediaType;
import okio.BufferedSink;

/**
 * The body of a request: bytes, text, JSON, a form, a file or a stream (aiohttp's {@code data=} /
 * {@code json=}, httpx's {@code content=} / {@code data=}). Files and streams are read off the
 * loop, a chunk at a time, while the request is written. Every body but a stream can be sent
 * again (retries, 307/308 redirects); a stream is sent once.
 *
 * <pre>{@code
 * session.post(url, RequestBody.json("{\"name\": \"jasyncio\"}"));
 * session.post(url, RequestBody.form(Map.of("q", "event loop")));
 * session.put(url, RequestBody.file(Path.of("photo.jpg"), "image/jpeg"));
 * }</pre>
 */
public final class RequestBody {
  private final okhttp3.RequestBody body;
  private final String description;

  private RequestBody(okhttp3.RequestBody body, String description) {
    this.body = body;
    this.description = description;
  }

  /**
   * Raw bytes.
   *
   * @param data the bytes (not copied: do not change them while the request runs)
   * @param contentType the media type, such as {@code application/octet-stream}
   * @return the body
   */
  public static RequestBody bytes(byte[] data, String contentType) {
    Objects.requireNonNull(data, "data");
    return new RequestBody(okhttp3.RequestBody.create(data, mediaType(contentType)), data.length + " bytes");
  }

  /**
   * Text as UTF-8, {@code text/plain; charset=utf-8}.
   *
   * @param text the text
   * @return the body
   */
  public static RequestBody text(String text) {
    return text(text, "text/plain; charset=utf-8");
  }

  /**
   * Text as UTF-8 with a media type of your choice.
   *
   * @param text the text
   * @param contentType the media type
   * @return the body
   */
  public static RequestBody text(String text, String contentType) {
    Objects.requireNonNull(text, "text");
    byte[] data = text.getBytes(StandardCharsets.UTF_8);
    return new RequestBody(okhttp3.RequestBody.create(data, mediaType(contentType)), data.length + " bytes of text");
  }

  /**
   * A JSON document (already serialised), {@code application/json}.
   *
   * @param json the document
   * @return the body
   */
  public static RequestBody json(String json) {
    return text(json, "application/json; charset=utf-8");
  }

  /**
   * An HTML form, {@code application/x-www-form-urlencoded}, fields in the map's order.
   *
   * @param fields names and values
   * @return the body
   */
  public static RequestBody form(Map<String, String> fields) {
    Objects.requireNonNull(fields, "fields");
    FormBody.Builder b = new FormBody.Builder(StandardCharsets.UTF_8);
    new LinkedHashMap<>(fields).forEach(b::add);
    return new RequestBody(b.build(), "a form of " + fields.size() + " fields");
  }

  /**
   * A file's contents, read off the loop while the request is written.
   *
   * @param file the file; it must exist when the request is sent
   * @param contentType the media type
   * @return the body
   */
  public static RequestBody file(Path file, String contentType) {
    Objects.requireNonNull(file, "file");
    MediaType type = mediaType(contentType);
    return new RequestBody(new Streamed(type, false, () -> {
      try {
        return Files.newInputStream(file);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException("cannot read request body file " + file, e);
      }
    }) {
      @Override
      public long contentLength() throws IOException {
        return OffLoop.call(() -> Files.size(file));
      }
    }, "file " + file);
  }

  /**
   * The bytes of a stream, read off the loop while the request is written, sent with chunked
   * encoding. Sent once only: a request with a stream body is neither retried nor redirected
   * with its body.
   *
   * @param open opens the stream; called once, when the body is written
   * @param contentType the media type
   * @return the body
   */
  public static RequestBody stream(Supplier<? extends InputStream> open, String contentType) {
    Objects.requireNonNull(open, "open");
    return new RequestBody(new Streamed(mediaType(contentType), true, open::get), "a stream");
  }

  okhttp3.RequestBody okhttp() {
    return body;
  }

  boolean isOneShot() {
    return body.isOneShot();
  }

  @Override
  public String toString() {
    return "RequestBody[" + description + "]";
  }

  private static MediaType mediaType(String contentType) {
    Objects.requireNonNull(contentType, "contentType");
    MediaType t = MediaType.parse(contentType);
    if (t == null) {
      throw new IllegalArgumentException("not a media type: '" + contentType + "'");
    }
    return t;
  }

  /** A body copied from an input stream, each read made off the loop. */
  private static class Streamed extends okhttp3.RequestBody {
    private final MediaType type;
    private final boolean oneShot;
    private final Supplier<InputStream> open;

    Streamed(MediaType type, boolean oneShot, Supplier<InputStream> open) {
      this.type = type;
      this.oneShot = oneShot;
      this.open = open;
    }

    @Override
    public MediaType contentType() {
      return type;
    }

    @Override
    public boolean isOneShot() {
      return oneShot;
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
      InputStream in = OffLoop.call(open::get);
      try {
        byte[] buf = new byte[64 * 1024];
        int n;
        while ((n = OffLoop.call(() -> in.read(buf))) >= 0) {
          sink.write(buf, 0, n);
        }
      } finally {
        OffLoop.call(() -> {
          in.close();
          return null;
        });
      }
    }
  }
}
