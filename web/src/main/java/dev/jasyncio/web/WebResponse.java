package dev.jasyncio.web;

import dev.jasyncio.AsyncStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a handler answers; aiohttp.web's {@code Response} and {@code StreamResponse}. Build one
 * with a factory and adjust it fluently:
 *
 * <pre>{@code
 * return WebResponse.json("{\"id\": 42}").status(201).header("Location", "/users/42");
 * return WebResponse.stream(AsyncStream.generate(out -> {    // chunked, item by item
 *   for (int i = 0; i < 10; i++) { out.emit("tick " + i + "\n"); Async.sleep(1.0); }
 * }), "text/plain");
 * }</pre>
 *
 * <p>A streamed body is sent as each item arrives (chunked on HTTP/1.1): the producer waits
 * while the client is slow, and if the client goes away the stream is closed, which cancels its
 * producer.
 */
public final class WebResponse {
  private int status = 200;
  private final List<String[]> headers = new ArrayList<>(2);
  private String contentType;
  private byte[] body;
  private AsyncStream<?> stream;

  private WebResponse(String contentType, byte[] body, AsyncStream<?> stream) {
    this.contentType = contentType;
    this.body = body;
    this.stream = stream;
  }

  /**
   * A {@code text/plain; charset=utf-8} response.
   *
   * @param text the body
   * @return the response
   */
  public static WebResponse text(String text) {
    return new WebResponse("text/plain;charset=utf-8", utf8(text), null);
  }

  /**
   * A {@code text/html; charset=utf-8} response.
   *
   * @param html the body
   * @return the response
   */
  public static WebResponse html(String html) {
    return new WebResponse("text/html;charset=utf-8", utf8(html), null);
  }

  /**
   * An {@code application/json} response of ready-made JSON text.
   *
   * @param json the body
   * @return the response
   */
  public static WebResponse json(String json) {
    return new WebResponse("application/json", utf8(json), null);
  }

  /**
   * A response of bytes.
   *
   * @param data the body (not copied)
   * @param contentType its media type
   * @return the response
   */
  public static WebResponse bytes(byte[] data, String contentType) {
    return new WebResponse(Objects.requireNonNull(contentType, "contentType"),
        Objects.requireNonNull(data, "data"), null);
  }

  /**
   * A response with no body, for example {@code WebResponse.empty().status(204)}.
   *
   * @return the response
   */
  public static WebResponse empty() {
    return new WebResponse(null, new byte[0], null);
  }

  /**
   * A streamed response: each item of {@code items} is sent as it comes ({@code String} as
   * UTF-8, {@code byte[]} as is), with back-pressure, chunked on HTTP/1.1. The stream is closed
   * when the body ends or the client goes away.
   *
   * @param items the body's pieces
   * @param contentType its media type
   * @return the response
   */
  public static WebResponse stream(AsyncStream<?> items, String contentType) {
    return new WebResponse(Objects.requireNonNull(contentType, "contentType"), null,
        Objects.requireNonNull(items, "items"));
  }

  /**
   * Sets the status.
   *
   * @param status the HTTP status, 100 to 599
   * @return this response
   * @throws IllegalArgumentException if out of range
   */
  public WebResponse status(int status) {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("HTTP status must be 100-599, not " + status);
    }
    this.status = status;
    return this;
  }

  /**
   * Adds a header (repeated names are kept).
   *
   * @param name the header name
   * @param value its value
   * @return this response
   */
  public WebResponse header(String name, String value) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    if (name.equalsIgnoreCase("Content-Type")) {
      contentType = value;
    } else {
      headers.add(new String[] {name, value});
    }
    return this;
  }

  /**
   * The status.
   *
   * @return the status
   */
  public int status() {
    return status;
  }

  /**
   * The first value of a header set on this response.
   *
   * @param name the header name, any case
   * @return its value, or {@code null}
   */
  public String header(String name) {
    if (name.equalsIgnoreCase("Content-Type")) {
      return contentType;
    }
    for (String[] h : headers) {
      if (h[0].equalsIgnoreCase(name)) {
        return h[1];
      }
    }
    return null;
  }

  /**
   * The body, or {@code null} for a streamed response.
   *
   * @return the bytes
   */
  public byte[] body() {
    return body;
  }

  String contentType() {
    return contentType;
  }

  List<String[]> headerList() {
    return headers;
  }

  AsyncStream<?> stream() {
    return stream;
  }

  private static byte[] utf8(String s) {
    return Objects.requireNonNull(s, "body").getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "WebResponse[" + status + (stream != null ? ", streamed" : ", " + body.length + " bytes") + "]";
  }
}
