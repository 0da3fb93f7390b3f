package dev.jasyncio.http;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A request to send with {@link HttpSession#request(HttpRequest)}: method, URL (absolute, or
 * relative to the session's base URL), headers, body, and per-request overrides of the session's
 * retry policy and redirect following. Immutable; the session's own requests
 * ({@code get}, {@code post}, ...) build one of these.
 *
 * <pre>{@code
 * HttpRequest req = HttpRequest.post("/items")
 *     .header("Idempotency-Key", key)
 *     .body(RequestBody.json(doc))
 *     .retry(RetryPolicy.builder().retryNonIdempotent(true).build())
 *     .build();
 * try (HttpResponse r = session.request(req)) { ... }
 * }</pre>
 */
public final class HttpRequest {
  private final String method;
  private final String url;
  private final List<Map.Entry<String, String>> headers;
  private final RequestBody body;
  private final RetryPolicy retry;
  private final Boolean followRedirects;

  private HttpRequest(Builder b) {
    method = b.method;
    url = b.url;
    headers = List.copyOf(b.headers);
    body = b.body;
    retry = b.retry;
    followRedirects = b.followRedirects;
  }

  /**
   * A builder for a request with any method.
   *
   * @param method the method, such as {@code GET} or {@code PROPFIND} (upper-cased)
   * @param url absolute, or relative to the session's base URL
   * @return a builder
   */
  public static Builder builder(String method, String url) {
    return new Builder(method, url);
  }

  /**
   * A builder for a request with any method.
   *
   * @param method the method
   * @param url the URL
   * @return a builder
   */
  public static Builder builder(String method, URI url) {
    return new Builder(method, Objects.requireNonNull(url, "url").toString());
  }

  /**
   * A GET request's builder.
   *
   * @param url the URL
   * @return a builder
   */
  public static Builder get(String url) {
    return builder("GET", url);
  }

  /**
   * A POST request's builder.
   *
   * @param url the URL
   * @return a builder
   */
  public static Builder post(String url) {
    return builder("POST", url);
  }

  /**
   * The method, upper case.
   *
   * @return the method
   */
  public String method() {
    return method;
  }

  /**
   * The URL as given (possibly relative).
   *
   * @return the URL
   */
  public String url() {
    return url;
  }

  /**
   * The request's own headers, in order (the session's defaults are added when it is sent).
   *
   * @return name and value pairs
   */
  public List<Map.Entry<String, String>> headers() {
    return headers;
  }

  /**
   * The body, if any.
   *
   * @return the body
   */
  public Optional<RequestBody> body() {
    return Optional.ofNullable(body);
  }

  RetryPolicy retryOverride() {
    return retry;
  }

  Boolean followRedirectsOverride() {
    return followRedirects;
  }

  @Override
  public String toString() {
    return method + " " + url;
  }

  /** Builds an {@link HttpRequest}. */
  public static final class Builder {
    private final String method;
    private final String url;
    private final List<Map.Entry<String, String>> headers = new ArrayList<>();
    private RequestBody body;
    private RetryPolicy retry;
    private Boolean followRedirects;

    private Builder(String method, String url) {
      Objects.requireNonNull(method, "method");
      Objects.requireNonNull(url, "url");
      if (method.isBlank() || !method.chars().allMatch(c -> c > ' ' && c < 127)) {
        throw new IllegalArgumentException("not an HTTP method: '" + method + "'");
      }
      this.method = method.toUpperCase(Locale.ROOT);
      this.url = url;
    }

    /**
     * Adds a header (repeat a name to send it several times).
     *
     * @param name the header name
     * @param value its value
     * @return this builder
     */
    public Builder header(String name, String value) {
      Checks.header(name, value);
      headers.add(Map.entry(name, value));
      return this;
    }

    /**
     * Sets the body.
     *
     * @param body the body
     * @return this builder
     */
    public Builder body(RequestBody body) {
      this.body = Objects.requireNonNull(body, "body");
      return this;
    }

    /**
     * This request's retry policy instead of the session's.
     *
     * @param policy the policy, such as {@link RetryPolicy#none()}
     * @return this builder
     */
    public Builder retry(RetryPolicy policy) {
      this.retry = Objects.requireNonNull(policy, "retry policy");
      return this;
    }

    /**
     * Whether this request follows redirects, instead of the session's setting.
     *
     * @param follow true to follow
     * @return this builder
     */
    public Builder followRedirects(boolean follow) {
      this.followRedirects = follow;
      return this;
    }

    /**
     * Builds the request.
     *
     * @return the request
     * @throws IllegalArgumentException if the method needs a body and has none (POST, PUT,
     *     PATCH), or must not have one (GET, HEAD)
     */
    public HttpRequest build() {
      if (body == null && (method.equals("POST") || method.equals("PUT") || method.equals("PATCH"))) {
        throw new IllegalArgumentException(method + " needs a body: HttpRequest.builder(...).body(RequestBody...)");
      }
      if (body != null && (method.equals("GET") || method.equals("HEAD"))) {
        throw new IllegalArgumentException(method + " cannot have a body");
      }
      return new HttpRequest(this);
    }
  }
}
