package dev.jasyncio.web;

import dev.jasyncio.Async;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Fields;

/**
 * One HTTP request as a handler sees it; aiohttp.web's {@code Request}. Read it from the request's
 * own task: {@link #body()} suspends the task while the bytes arrive, and fails with a 413
 * {@link HttpException} past the app's {@linkplain WebApp#maxBodySize(long) body limit}.
 *
 * <pre>{@code
 * app.post("/users/{id}/notes", request -> {
 *   String id = request.pathParam("id");
 *   String note = request.text();
 *   return WebResponse.text("saved " + note.length() + " chars for " + id).status(201);
 * });
 * }</pre>
 */
public final class WebRequest {
  private final Request jetty;
  private final String path;
  private final Map<String, String> pathParams;
  final Router.Match match;
  private final String requestId;
  private final long maxBodySize;
  private Map<String, List<String>> query;
  private byte[] body;

  WebRequest(Request jetty, String path, Router.Match match, String requestId, long maxBodySize) {
    this.jetty = jetty;
    this.path = path;
    this.match = match;
    this.pathParams = match.params();
    this.requestId = requestId;
    this.maxBodySize = maxBodySize;
  }

  /**
   * The method, upper case: {@code GET}, {@code POST}, ...
   *
   * @return the method
   */
  public String method() {
    return jetty.getMethod();
  }

  /**
   * The decoded path, without the query: {@code /users/42}.
   *
   * @return the path
   */
  public String path() {
    return path;
  }

  /**
   * A parameter of the route's path: for route {@code /users/{id}} and path {@code /users/42},
   * {@code pathParam("id")} is {@code "42"}.
   *
   * @param name the parameter's name in the route
   * @return its value
   * @throws IllegalArgumentException if the route has no such parameter
   */
  public String pathParam(String name) {
    String v = pathParams.get(name);
    if (v == null) {
      throw new IllegalArgumentException("the route has no path parameter '" + name + "' (it has "
          + pathParams.keySet() + ")");
    }
    return v;
  }

  /**
   * The path parameters of the matched route.
   *
   * @return name to value, in route order
   */
  public Map<String, String> pathParams() {
    return pathParams;
  }

  /**
   * The first value of a query parameter: for {@code /slow?ms=50}, {@code query("ms")} is
   * {@code "50"}.
   *
   * @param name the parameter
   * @return its first value, or {@code null} if absent
   */
  public String query(String name) {
    List<String> v = queryParams().get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  /**
   * A query parameter as an int, or a default.
   *
   * @param name the parameter
   * @param defaultValue the value when it is absent
   * @return its value
   * @throws HttpException 400 if it is present but not an integer
   */
  public int queryInt(String name, int defaultValue) {
    String v = query(name);
    if (v == null) {
      return defaultValue;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new HttpException(400, "query parameter '" + name + "' must be an integer, not '" + v + "'");
    }
  }

  /**
   * Every query parameter with all its values.
   *
   * @return name to values, in request order
   */
  public Map<String, List<String>> queryParams() {
    if (query == null) {
      Map<String, List<String>> m = new LinkedHashMap<>();
      Fields fields = Request.extractQueryParameters(jetty);
      for (Fields.Field f : fields) {
        m.put(f.getName(), List.copyOf(f.getValues()));
      }
      query = Collections.unmodifiableMap(m);
    }
    return query;
  }

  /**
   * A request header's value (the first, if it is repeated).
   *
   * @param name the header name, any case
   * @return its value, or {@code null}
   */
  public String header(String name) {
    return jetty.getHeaders().get(name);
  }

  /**
   * Every value of a request header.
   *
   * @param name the header name, any case
   * @return its values, possibly none
   */
  public List<String> headers(String name) {
    List<String> out = new ArrayList<>();
    for (HttpField f : jetty.getHeaders()) {
      if (f.getName().equalsIgnoreCase(name)) {
        out.add(f.getValue());
      }
    }
    return out;
  }

  /**
   * The protocol: {@code HTTP/1.1} or {@code HTTP/2.0}.
   *
   * @return the protocol
   */
  public String protocol() {
    return jetty.getConnectionMetaData().getProtocol();
  }

  /**
   * The client's address, as {@code host:port}.
   *
   * @return the remote address
   */
  public String remoteAddress() {
    return Request.getRemoteAddr(jetty) + ":" + Request.getRemotePort(jetty);
  }

  /**
   * The id of this request, also sent back in the {@code X-Request-Id} header and written in the
   * log beside any failure, so a user's report can be matched to its stack.
   *
   * @return the request id
   */
  public String requestId() {
    return requestId;
  }

  /**
   * The whole body, read once (later calls return the same bytes). The calling task suspends
   * while it arrives; other requests go on meanwhile.
   *
   * @return the body, possibly empty
   * @throws HttpException 413 if it is larger than the app's body limit, 400 if the client
   *     broke off sending it
   */
  public byte[] body() {
    if (body == null) {
      body = readBody();
    }
    return body;
  }

  /**
   * The body as text, in the charset of its {@code Content-Type} (UTF-8 if none).
   *
   * @return the text
   */
  public String text() {
    Charset cs;
    try {
      cs = Request.getCharset(jetty);
    } catch (RuntimeException e) {
      throw new HttpException(415, "unsupported charset in Content-Type: " + header("Content-Type"));
    }
    return new String(body(), cs == null ? StandardCharsets.UTF_8 : cs);
  }

  private byte[] readBody() {
    long declared = jetty.getLength();
    if (declared > maxBodySize) {
      throw tooLarge();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 256);
    while (true) {
      Content.Chunk chunk = jetty.read();
      if (chunk == null) {
        CompletableFuture<Void> more = new CompletableFuture<>();
        jetty.demand(() -> more.complete(null));
        Async.await(more);
        continue;
      }
      try {
        if (Content.Chunk.isFailure(chunk)) {
          throw new HttpException(400, "the request body broke off: " + chunk.getFailure());
        }
        ByteBuffer b = chunk.getByteBuffer();
        if (out.size() + (long) b.remaining() > maxBodySize) {
          throw tooLarge();
        }
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        out.writeBytes(bytes);
        if (chunk.isLast()) {
          return out.toByteArray();
        }
      } finally {
        chunk.release();
      }
    }
  }

  private HttpException tooLarge() {
    return new HttpException(413, "request body larger than " + maxBodySize + " bytes");
  }

  /** The request as a log line's prefix. */
  @Override
  public String toString() {
    return method() + " " + path() + " id=" + requestId;
  }
}
