package dev.jasyncio.http;

import dev.jasyncio.Acquired;
import dev.jasyncio.Async;
import dev.jasyncio.Semaphore;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509TrustManager;
import okhttp3.ConnectionPool;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * An HTTP client session: aiohttp's {@code ClientSession}, httpx's {@code AsyncClient}, on
 * OkHttp. It pools connections (HTTP/1.1 keep-alive, HTTP/2 over TLS), keeps cookies, and applies
 * a base URL, default headers, concurrency limits, timeouts, a retry policy and redirect rules to
 * every request. Each network wait is a suspension point: the calling task waits, the loop runs
 * the others (on both backends; host-name lookups are made off the loop too).
 *
 * <pre>{@code
 * try (HttpSession s = HttpSession.builder()
 *     .limit(100).limitPerHost(8)
 *     .readTimeout(Duration.ofSeconds(10)).totalTimeout(Duration.ofMinutes(1))
 *     .retry(RetryPolicy.defaults())
 *     .build()) {
 *   List<String> pages = Async.gather(() -> s.get(a).text(), () -> s.get(b).text());
 *   try (HttpResponse r = s.get("https://example.org/big.iso")) {
 *     r.raiseForStatus().saveTo(Path.of("big.iso"));
 *   }
 * }
 * }</pre>
 *
 * <h2>Cancellation and limits</h2>
 * Cancelling the task (or a timeout scope such as {@code Async.timeout} around the request)
 * aborts the exchange at once, discards its connection and frees its limit slot. A request holds
 * a slot of {@link Builder#limit} and one of {@link Builder#limitPerHost} from before it connects
 * until its response is closed; waiting requests are served first come, first served, and a
 * cancelled waiter takes no slot (the core's {@link Semaphore}).
 *
 * <h2>Timeouts</h2>
 * {@link Builder#connectTimeout connect} (TCP and TLS), {@link Builder#readTimeout read} (idle:
 * the longest wait for the next byte, of the headers or the body), {@link Builder#writeTimeout
 * write}, and {@link Builder#totalTimeout total} (one attempt from start to the end of the body,
 * redirects included; each retry starts a new one). Each fires as a {@link HttpTimeoutException}
 * naming its {@link HttpTimeoutException.Kind kind}. They run on the real clock, since they bound
 * real network waits; retry backoff sleeps on the loop's clock.
 *
 * <p>A session belongs to the loop whose tasks first use its limits; close it when done (open
 * responses are aborted, pooled connections closed).
 */
public final class HttpSession implements AutoCloseable {
  final OkHttpClient client;
  final Duration connectTimeout;
  final Duration readTimeout;
  final Duration writeTimeout;
  private final Duration totalTimeout;
  private final URI baseUrl;
  private final HttpUrl resolvedBase;
  private final okhttp3.Headers defaultHeaders;
  private final RetryPolicy retry;
  private final boolean followRedirects;
  private final int maxRedirects;
  private final Semaphore limit;
  private final int limitPerHost;
  private final Map<String, Semaphore> hostLimits = new ConcurrentHashMap<>();
  private final Set<Exchange> inFlight = ConcurrentHashMap.newKeySet();
  private final MemoryCookieJar cookies;
  private final List<Consumer<HttpRequest>> onRequest;
  private final List<Consumer<HttpResponse>> onResponse;
  private final List<Consumer<RetryEvent>> onRetry;
  private final List<ProgressListener> onProgress;
  private volatile boolean closed;

  private HttpSession(Builder b, OkHttpClient base) {
    connectTimeout = b.connectTimeout;
    readTimeout = b.readTimeout;
    writeTimeout = b.writeTimeout;
    totalTimeout = b.totalTimeout;
    baseUrl = b.baseUrl;
    resolvedBase = baseUrl == null ? null : HttpUrl.get(baseUrl.toString());
    defaultHeaders = okhttp3.Headers.of(b.headers);
    retry = b.retry;
    followRedirects = b.followRedirects;
    maxRedirects = b.maxRedirects;
    limit = b.limit == 0 ? null : new Semaphore(b.limit);
    limitPerHost = b.limitPerHost;
    cookies = b.cookies ? new MemoryCookieJar() : null;
    onRequest = List.copyOf(b.onRequest);
    onResponse = List.copyOf(b.onResponse);
    onRetry = List.copyOf(b.onRetry);
    onProgress = List.copyOf(b.onProgress);
    int idle = Math.max(5, Math.min(b.limit == 0 ? 100 : b.limit, 1000));
    OkHttpClient.Builder ok = base.newBuilder()
        .connectionPool(new ConnectionPool(idle, 5, TimeUnit.MINUTES))
        .connectTimeout(connectTimeout)
        .readTimeout(readTimeout)
        .writeTimeout(writeTimeout);
    if (cookies != null) {
      ok.cookieJar(cookies);
    }
    if (b.trustManager != null) {
      ok.sslSocketFactory(b.sslContext.getSocketFactory(), b.trustManager);
    }
    client = ok.build();
  }

  /**
   * A builder with the defaults: limit 100, no per-host limit, connect 10 s, read 30 s, write
   * 30 s, total 5 min, {@link RetryPolicy#defaults()}, redirects followed up to 10, cookies kept.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A session with the defaults.
   *
   * @return the session
   */
  public static HttpSession create() {
    return builder().build();
  }

  // ---------------------------------------------------------------------------------------------
  // Requests

  /**
   * Sends a GET.
   *
   * @param url absolute, or relative to the base URL
   * @return the response, body unread: close it
   * @throws HttpException if no response arrived (after retries)
   */
  public HttpResponse get(String url) {
    return request(HttpRequest.get(url).build());
  }

  /**
   * Sends a GET.
   *
   * @param url the URL
   * @return the response: close it
   */
  public HttpResponse get(URI url) {
    return request(HttpRequest.builder("GET", url).build());
  }

  /**
   * Sends a HEAD.
   *
   * @param url the URL
   * @return the response: close it
   */
  public HttpResponse head(String url) {
    return request(HttpRequest.builder("HEAD", url).build());
  }

  /**
   * Sends a DELETE.
   *
   * @param url the URL
   * @return the response: close it
   */
  public HttpResponse delete(String url) {
    return request(HttpRequest.builder("DELETE", url).build());
  }

  /**
   * Sends a POST with a body (not retried unless the policy allows non-idempotent retries).
   *
   * @param url the URL
   * @param body the body
   * @return the response: close it
   */
  public HttpResponse post(String url, RequestBody body) {
    return request(HttpRequest.post(url).body(body).build());
  }

  /**
   * Sends a PUT with a body.
   *
   * @param url the URL
   * @param body the body
   * @return the response: close it
   */
  public HttpResponse put(String url, RequestBody body) {
    return request(HttpRequest.builder("PUT", url).body(body).build());
  }

  /**
   * Sends a PATCH with a body (not retried unless the policy allows non-idempotent retries).
   *
   * @param url the URL
   * @param body the body
   * @return the response: close it
   */
  public HttpResponse patch(String url, RequestBody body) {
    return request(HttpRequest.builder("PATCH", url).body(body).build());
  }

  /**
   * Sends a request with any method and no body.
   *
   * @param method the method
   * @param url the URL
   * @return the response: close it
   */
  public HttpResponse request(String method, String url) {
    return request(HttpRequest.builder(method, url).build());
  }

  /**
   * Sends a request: resolves its URL against the base URL, adds the default headers, waits for
   * limit slots, follows redirects and retries as configured, and returns once the final
   * response's headers have arrived. A suspension point; call it from a task.
   *
   * @param request the request
   * @return the response, body unread: close it (try-with-resources)
   * @throws HttpException (a subclass naming what failed) if no response arrived
   * @throws dev.jasyncio.CancelledException if the task was cancelled meanwhile
   * @throws IllegalStateException if the session is closed
   */
  public HttpResponse request(HttpRequest request) {
    Objects.requireNonNull(request, "request");
    checkOpen();
    HttpUrl url = resolve(request.url());
    RetryPolicy policy = request.retryOverride() != null ? request.retryOverride() : retry;
    boolean mayRetry = policy.allows(request.method())
        && request.body().map(b -> !b.isOneShot()).orElse(true);
    double started = Async.currentLoop().time();
    for (int attempt = 1; ; attempt++) {
      Duration elapsed = Duration.ofNanos((long) ((Async.currentLoop().time() - started) * 1e9));
      HttpResponse r;
      try {
        r = followingRedirects(request, url);
      } catch (HttpException e) {
        Duration delay = mayRetry && RetryPolicy.retriesFailure(e) ? policy.delayBefore(attempt, null, elapsed) : null;
        if (delay == null) {
          throw e;
        }
        retryAfter(new RetryEvent(request, attempt, delay, 0, Optional.of(e)));
        continue;
      }
      if (!mayRetry || !policy.retriesStatus(r.status())) {
        return r;
      }
      Duration delay = policy.delayBefore(attempt, r.header("Retry-After").orElse(null), elapsed);
      if (delay == null) {
        return r;
      }
      r.close();
      retryAfter(new RetryEvent(request, attempt, delay, r.status(), Optional.empty()));
    }
  }

  private void retryAfter(RetryEvent event) {
    for (Consumer<RetryEvent> hook : onRetry) {
      hook.accept(event);
    }
    Async.sleep(event.delay());
    checkOpen();
  }

  /** One attempt: the request and the redirects it leads to, under one total timeout. */
  private HttpResponse followingRedirects(HttpRequest request, HttpUrl url) {
    TotalDeadline deadline = totalTimeout.isZero() ? null : new TotalDeadline(totalTimeout);
    boolean handedOver = false;
    try {
      boolean follow = request.followRedirectsOverride() != null ? request.followRedirectsOverride() : followRedirects;
      List<URI> chain = new ArrayList<>();
      Request hop = okRequest(request, url);
      while (true) {
        HttpResponse r = send(request, hop, deadline, chain);
        int status = r.status();
        Optional<String> location = r.header("Location");
        boolean redirect = follow && location.isPresent()
            && (status == 301 || status == 302 || status == 303 || status == 307 || status == 308);
        boolean keepsBody = status == 307 || status == 308;
        if (!redirect || keepsBody && hop.body() != null && hop.body().isOneShot()) {
          handedOver = true;
          r.ownDeadline(); // its close stops the deadline
          return r;
        }
        r.close();
        HttpUrl next = hop.url().resolve(location.get());
        if (next == null) {
          throw new HttpException("redirect to an unusable Location '" + location.get() + "'", r.url(), null);
        }
        chain.add(r.url());
        if (chain.size() > maxRedirects) {
          chain.add(next.uri());
          throw new TooManyRedirectsException(chain, maxRedirects);
        }
        hop = redirected(hop, next, status);
      }
    } finally {
      if (!handedOver && deadline != null) {
        deadline.stop();
      }
    }
  }

  /** The request a redirect leads to: method and body per RFC 9110, credentials kept in origin. */
  private static Request redirected(Request hop, HttpUrl next, int status) {
    Request.Builder b = hop.newBuilder().url(next).tag(Exchange.Progress.class, new Exchange.Progress());
    String method = hop.method();
    if (status == 303 && !method.equals("HEAD") || (status == 301 || status == 302) && method.equals("POST")) {
      b.method("GET", null).removeHeader("Content-Type").removeHeader("Content-Length");
    }
    HttpUrl from = hop.url();
    if (!from.scheme().equals(next.scheme()) || !from.host().equals(next.host()) || from.port() != next.port()) {
      b.removeHeader("Authorization"); // never hand one host's credentials to another
    }
    return b.build();
  }

  /** One hop: takes the limit slots, sends, and hands them to the response. */
  private HttpResponse send(HttpRequest request, Request hop, TotalDeadline deadline, List<URI> history) {
    Slots slots = acquireSlots(hop.url());
    Exchange exchange = null;
    boolean handedOver = false;
    try {
      checkOpen();
      exchange = new Exchange(this, hop, deadline);
      inFlight.add(exchange);
      if (closed) {
        exchange.call.cancel();
      }
      for (Consumer<HttpRequest> hook : onRequest) {
        hook.accept(request);
      }
      Response response = exchange.execute();
      HttpResponse r = new HttpResponse(this, request, exchange, response, history, slots);
      handedOver = true;
      try {
        for (Consumer<HttpResponse> hook : onResponse) {
          hook.accept(r);
        }
      } catch (RuntimeException | Error e) {
        r.close();
        throw e;
      }
      return r;
    } finally {
      if (!handedOver) {
        if (exchange != null) {
          exchange.call.cancel();
        }
        finished(exchange, slots);
      }
    }
  }

  /**
   * The limit slots one hop holds: the session's and its host's (either null if unlimited), and
   * the host's key in {@link #hostLimits}.
   */
  record Slots(Acquired global, Acquired host, String hostKey) {}

  private Slots acquireSlots(HttpUrl url) {
    Acquired host = null;
    String key = null;
    if (limitPerHost > 0) {
      // per host first: a request waiting for its host never holds a global slot meanwhile
      key = url.host() + ":" + url.port();
      host = hostLimits.computeIfAbsent(key, k -> new Semaphore(limitPerHost)).acquire();
    }
    try {
      Acquired global = limit == null ? null : limit.acquire();
      return new Slots(global, host, key);
    } catch (RuntimeException | Error e) {
      if (host != null) {
        releaseHost(host, key);
      }
      throw e;
    }
  }

  /**
   * Gives a host slot back, and forgets the host's semaphore once nobody holds or waits for it
   * (all permits free means no waiters: a release hands a permit to the first waiter), as
   * aiohttp's connector drops an idle host's entry: a crawl of a million hosts keeps none.
   */
  private void releaseHost(Acquired host, String key) {
    host.close();
    Semaphore s = hostLimits.get(key);
    if (s != null && s.availablePermits() == limitPerHost) {
      hostLimits.remove(key, s);
    }
  }

  /** Hosts with a semaphore now: those with a request in flight or waiting; for tests. */
  int hostsTracked() {
    return hostLimits.size();
  }

  /**
   * A hop's exchange is over: its slots go back (loop-only). The attempt's deadline stops with
   * the attempt: at the last response's close, or in {@link #followingRedirects} if no response
   * was handed over.
   */
  void finished(Exchange exchange, Slots slots) {
    if (exchange != null) {
      inFlight.remove(exchange);
    }
    if (slots.global() != null) {
      slots.global().close();
    }
    if (slots.host() != null) {
      releaseHost(slots.host(), slots.hostKey());
    }
  }

  void progress(HttpResponse r, long received, long contentLength) {
    for (ProgressListener l : onProgress) {
      l.progress(r, received, contentLength);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Requests as OkHttp sees them

  private Request okRequest(HttpRequest request, HttpUrl url) {
    Request.Builder b = new Request.Builder().url(url).tag(Exchange.Progress.class, new Exchange.Progress());
    if (request.headers().isEmpty()) {
      b.headers(defaultHeaders);
    } else {
      okhttp3.Headers.Builder h = defaultHeaders.newBuilder();
      for (Map.Entry<String, String> e : request.headers()) {
        h.removeAll(e.getKey()); // a request's own header replaces the session's default
      }
      for (Map.Entry<String, String> e : request.headers()) {
        h.add(e.getKey(), e.getValue());
      }
      b.headers(h.build());
    }
    b.method(request.method(), request.body().map(RequestBody::okhttp).orElse(null));
    return b.build();
  }

  /** The absolute http(s) URL {@code url} names, resolved against the base URL; parsed once. */
  private HttpUrl resolve(String url) {
    HttpUrl u = resolvedBase == null ? HttpUrl.parse(url) : resolvedBase.resolve(url);
    if (u != null) {
      return u;
    }
    URI parsed; // say what is wrong with it
    try {
      parsed = new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a URL: '" + url + "' (" + e.getMessage() + ")", e);
    }
    if (!parsed.isAbsolute() && resolvedBase == null) {
      throw new IllegalArgumentException("relative URL '" + url
          + "' needs a base URL: HttpSession.builder().baseUrl(...)");
    }
    throw new IllegalArgumentException("not an http or https URL: '" + url + "'");
  }

  // ---------------------------------------------------------------------------------------------
  // Lifecycle

  /**
   * Cookies the session holds now (empty if cookies are off), as {@code name=value} pairs.
   *
   * @return the cookies
   */
  public Map<String, String> cookies() {
    Map<String, String> out = new LinkedHashMap<>();
    if (cookies != null) {
      cookies.all().forEach(c -> out.put(c.name(), c.value()));
    }
    return out;
  }

  /**
   * How many exchanges are open now (sent and not yet closed).
   *
   * @return the count
   */
  public int inFlight() {
    return inFlight.size();
  }

  /**
   * How many pooled connections the session has (idle and in use).
   *
   * @return the count
   */
  public int connectionCount() {
    return client.connectionPool().connectionCount();
  }

  boolean isClosed() {
    return closed;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("this HttpSession is closed");
    }
  }

  /**
   * Closes the session: exchanges still open are aborted (their reads fail with an
   * {@link HttpException}), pooled connections are closed. Closing twice does nothing.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (Exchange x : inFlight) {
      x.call.cancel();
    }
    client.connectionPool().evictAll();
  }

  @Override
  public String toString() {
    return "HttpSession[" + (baseUrl != null ? baseUrl + ", " : "") + inFlight() + " in flight"
        + (closed ? ", closed" : "") + "]";
  }

  // ---------------------------------------------------------------------------------------------

  /** Builds an {@link HttpSession}; see {@link #builder()} for the defaults. */
  public static final class Builder {
    private int limit = 100;
    private int limitPerHost;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration readTimeout = Duration.ofSeconds(30);
    private Duration writeTimeout = Duration.ofSeconds(30);
    private Duration totalTimeout = Duration.ofMinutes(5);
    private URI baseUrl;
    private final Map<String, String> headers = new LinkedHashMap<>(Map.of("User-Agent", "jasyncio-http"));
    private RetryPolicy retry = RetryPolicy.defaults();
    private boolean followRedirects = true;
    private int maxRedirects = 10;
    private boolean cookies = true;
    private SSLContext sslContext;
    private X509TrustManager trustManager;
    private final List<Consumer<HttpRequest>> onRequest = new ArrayList<>();
    private final List<Consumer<HttpResponse>> onResponse = new ArrayList<>();
    private final List<Consumer<RetryEvent>> onRetry = new ArrayList<>();
    private final List<ProgressListener> onProgress = new ArrayList<>();

    private Builder() {}

    /**
     * The most requests in flight at once, all hosts together (aiohttp's {@code limit}); 0 for
     * no limit.
     *
     * @param limit not negative
     * @return this builder
     */
    public Builder limit(int limit) {
      this.limit = Checks.notNegative("limit", limit);
      return this;
    }

    /**
     * The most requests in flight at once to one host and port (aiohttp's
     * {@code limit_per_host}); 0 (the default) for no limit.
     *
     * @param limit not negative
     * @return this builder
     */
    public Builder limitPerHost(int limit) {
      this.limitPerHost = Checks.notNegative("limitPerHost", limit);
      return this;
    }

    /**
     * How long a TCP connection and TLS handshake may take.
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder connectTimeout(Duration timeout) {
      connectTimeout = Checks.positive("connectTimeout", timeout);
      return this;
    }

    /**
     * The idle read timeout: the longest wait for the next byte, of the headers or the body
     * (aiohttp's {@code sock_read}).
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder readTimeout(Duration timeout) {
      readTimeout = Checks.positive("readTimeout", timeout);
      return this;
    }

    /**
     * The longest wait for the peer to take the request's next bytes.
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder writeTimeout(Duration timeout) {
      writeTimeout = Checks.positive("writeTimeout", timeout);
      return this;
    }

    /**
     * The total timeout of one attempt, from start to the last body byte, redirects included
     * (aiohttp's {@code total}); {@link Duration#ZERO} for none.
     *
     * @param timeout not negative
     * @return this builder
     */
    public Builder totalTimeout(Duration timeout) {
      totalTimeout = Checks.notNegative("totalTimeout", timeout);
      return this;
    }

    /**
     * The URL relative request URLs are resolved against.
     *
     * @param url an absolute http or https URL, such as {@code https://api.example.org/v1/}
     * @return this builder
     */
    public Builder baseUrl(String url) {
      URI u;
      try {
        u = new URI(Objects.requireNonNull(url, "baseUrl"));
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException("baseUrl is not a URL: '" + url + "' (" + e.getMessage() + ")", e);
      }
      if (!"http".equalsIgnoreCase(u.getScheme()) && !"https".equalsIgnoreCase(u.getScheme()) || u.getHost() == null) {
        throw new IllegalArgumentException("baseUrl must be an absolute http or https URL, not '" + url + "'");
      }
      baseUrl = u;
      return this;
    }

    /**
     * A header sent with every request (a request's own header of the same name wins).
     *
     * @param name the name
     * @param value the value
     * @return this builder
     */
    public Builder header(String name, String value) {
      Checks.header(name, value);
      headers.keySet().removeIf(k -> k.equalsIgnoreCase(name));
      headers.put(name, value);
      return this;
    }

    /**
     * The retry policy for every request (a request may override it).
     *
     * @param policy such as {@link RetryPolicy#none()} or {@link RetryPolicy#defaults()}
     * @return this builder
     */
    public Builder retry(RetryPolicy policy) {
      retry = Objects.requireNonNull(policy, "retry policy");
      return this;
    }

    /**
     * Whether redirects (301, 302, 303, 307, 308) are followed; on by default.
     *
     * @param follow true to follow
     * @return this builder
     */
    public Builder followRedirects(boolean follow) {
      followRedirects = follow;
      return this;
    }

    /**
     * The most redirects one request follows before {@link TooManyRedirectsException}.
     *
     * @param max not negative
     * @return this builder
     */
    public Builder maxRedirects(int max) {
      maxRedirects = Checks.notNegative("maxRedirects", max);
      return this;
    }

    /**
     * Whether the session keeps cookies that responses set and sends them back; on by default.
     *
     * @param keep true to keep cookies
     * @return this builder
     */
    public Builder cookies(boolean keep) {
      cookies = keep;
      return this;
    }

    /**
     * Trusts the certificates {@code trustManager} trusts instead of the platform's (a private
     * certificate authority, a test certificate).
     *
     * @param trustManager the trust manager
     * @return this builder
     */
    public Builder trustManager(X509TrustManager trustManager) {
      Objects.requireNonNull(trustManager, "trustManager");
      try {
        SSLContext c = SSLContext.getInstance("TLS");
        c.init(null, new javax.net.ssl.TrustManager[] {trustManager}, null);
        sslContext = c;
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("cannot set up TLS with this trust manager: " + e, e);
      }
      this.trustManager = trustManager;
      return this;
    }

    /**
     * Called with each request before it is sent (each redirect hop and retry too), on the loop.
     *
     * @param hook the hook
     * @return this builder
     */
    public Builder onRequest(Consumer<HttpRequest> hook) {
      onRequest.add(Objects.requireNonNull(hook, "hook"));
      return this;
    }

    /**
     * Called with each response once its headers arrived, before it is returned, on the loop.
     *
     * @param hook the hook
     * @return this builder
     */
    public Builder onResponse(Consumer<HttpResponse> hook) {
      onResponse.add(Objects.requireNonNull(hook, "hook"));
      return this;
    }

    /**
     * Called before each retry's wait, on the loop.
     *
     * @param hook the hook
     * @return this builder
     */
    public Builder onRetry(Consumer<RetryEvent> hook) {
      onRetry.add(Objects.requireNonNull(hook, "hook"));
      return this;
    }

    /**
     * Called as response body bytes arrive, whichever way the body is read: the hook for byte
     * counters and progress bars.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder onProgress(ProgressListener listener) {
      onProgress.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Builds the session. The first session of the JVM loads OkHttp and the platform's trust
     * store; called from a task, that happens off the loop (the task waits, the loop runs on),
     * so building a session never holds the loop for long.
     *
     * @return the session
     */
    public HttpSession build() {
      if (!BaseClient.isReady() && Async.currentTask() != null) {
        // the first session loads OkHttp, its classes and the trust store: not on the loop
        return Async.toThread(() -> new HttpSession(this, BaseClient.get()));
      }
      return new HttpSession(this, BaseClient.get());
    }
  }
}
