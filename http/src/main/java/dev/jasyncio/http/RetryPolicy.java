package dev.jasyncio.http;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * When and how an {@link HttpSession} tries a request again (httpx-retries', urllib3's
 * {@code Retry}). A request is retried when it failed to connect ({@link HttpConnectException}
 * other than DNS, or a {@link HttpTimeoutException.Kind#CONNECT connect timeout}) or answered with
 * one of the retry statuses (429, 502, 503, 504 by default), and only if its method is
 * idempotent (GET, HEAD, PUT, DELETE, OPTIONS, TRACE) unless {@link Builder#retryNonIdempotent}
 * says otherwise. Between attempts the task sleeps on the loop's clock ({@code Async.sleep}) for
 * the server's {@code Retry-After} if it sent one, else an exponential backoff with full jitter:
 * a uniformly random time between zero and {@code min(maxDelay, baseDelay * 2^(retry - 1))}.
 * Retrying stops at {@link Builder#maxAttempts}, or when the next wait would pass
 * {@link Builder#maxElapsed}, or when a {@code Retry-After} asks for longer than
 * {@link Builder#maxRetryAfter}: the last response is returned, or the last failure thrown.
 *
 * <pre>{@code
 * HttpSession s = HttpSession.builder()
 *     .retry(RetryPolicy.builder().maxAttempts(5).backoff(Duration.ofMillis(200), Duration.ofSeconds(10)).build())
 *     .build();
 * s.request(HttpRequest.post(url).body(RequestBody.json(doc)).retry(RetryPolicy.none()).build());
 * }</pre>
 */
public final class RetryPolicy {
  private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE");
  private static final RetryPolicy NONE = builder().maxAttempts(1).build();
  private static final RetryPolicy DEFAULTS = builder().build();

  private final int maxAttempts;
  private final Duration baseDelay;
  private final Duration maxDelay;
  private final Duration maxElapsed;
  private final Duration maxRetryAfter;
  private final Set<Integer> statuses;
  private final boolean retryNonIdempotent;
  private final RandomGenerator random;

  private RetryPolicy(Builder b) {
    maxAttempts = b.maxAttempts;
    baseDelay = b.baseDelay;
    maxDelay = b.maxDelay;
    maxElapsed = b.maxElapsed;
    maxRetryAfter = b.maxRetryAfter;
    statuses = Set.copyOf(b.statuses);
    retryNonIdempotent = b.retryNonIdempotent;
    random = b.random;
  }

  /**
   * No retries: every request is sent once.
   *
   * @return the policy
   */
  public static RetryPolicy none() {
    return NONE;
  }

  /**
   * The defaults: 3 attempts, backoff from 0.5 s up to 30 s, at most 60 s of retrying,
   * {@code Retry-After} honoured up to 60 s, statuses 429, 502, 503, 504, idempotent methods only.
   *
   * @return the policy
   */
  public static RetryPolicy defaults() {
    return DEFAULTS;
  }

  /**
   * A builder starting from {@link #defaults()}.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * How many times a request is sent at most, the first included.
   *
   * @return the attempt cap
   */
  public int maxAttempts() {
    return maxAttempts;
  }

  /**
   * The statuses that are retried.
   *
   * @return the statuses
   */
  public Set<Integer> statuses() {
    return statuses;
  }

  /** Whether a request with {@code method} may be retried at all. */
  boolean allows(String method) {
    return maxAttempts > 1 && (retryNonIdempotent || IDEMPOTENT.contains(method));
  }

  boolean retriesStatus(int status) {
    return statuses.contains(status);
  }

  /** Whether this failure is one a retry can help with: the request never reached the server. */
  static boolean retriesFailure(HttpException e) {
    return e instanceof HttpConnectException c && c.reason() != HttpConnectException.Reason.DNS
        || e instanceof HttpTimeoutException t && t.kind() == HttpTimeoutException.Kind.CONNECT;
  }

  /**
   * The wait before the retry that would be attempt {@code attempt + 1}, or null to stop.
   *
   * @param attempt attempts made so far (1 after the first)
   * @param retryAfter the response's {@code Retry-After} header, or null
   * @param elapsed time spent on this request so far
   */
  Duration delayBefore(int attempt, String retryAfter, Duration elapsed) {
    if (attempt >= maxAttempts) {
      return null;
    }
    Duration delay = retryAfter == null ? null : parseRetryAfter(retryAfter, Instant.now());
    if (delay != null && delay.compareTo(maxRetryAfter) > 0) {
      return null; // the server asks for longer than we are willing to wait
    }
    if (delay == null) {
      Duration ceiling = baseDelay.multipliedBy(1L << Math.min(attempt - 1, 30));
      if (ceiling.compareTo(maxDelay) > 0 || ceiling.isNegative()) {
        ceiling = maxDelay;
      }
      delay = Duration.ofNanos((long) (random.nextDouble() * ceiling.toNanos())); // full jitter
    }
    return elapsed.plus(delay).compareTo(maxElapsed) > 0 ? null : delay;
  }

  /** {@code Retry-After}: delay-seconds or an HTTP-date (RFC 9110 §10.2.3); null if unreadable. */
  static Duration parseRetryAfter(String value, Instant now) {
    String v = value.trim();
    try {
      long seconds = Long.parseLong(v);
      return seconds < 0 ? null : Duration.ofSeconds(seconds);
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration d = Duration.between(now, at);
        return d.isNegative() ? Duration.ZERO : d;
      } catch (DateTimeParseException notADate) {
        return null;
      }
    }
  }

  @Override
  public String toString() {
    return "RetryPolicy[maxAttempts=" + maxAttempts + ", backoff=" + baseDelay + ".." + maxDelay
        + ", maxElapsed=" + maxElapsed + ", statuses=" + new TreeSet<>(statuses)
        + (retryNonIdempotent ? ", any method" : ", idempotent methods") + "]";
  }

  /** Builds a {@link RetryPolicy}; every setting starts at {@link #defaults()}. */
  public static final class Builder {
    private int maxAttempts = 3;
    private Duration baseDelay = Duration.ofMillis(500);
    private Duration maxDelay = Duration.ofSeconds(30);
    private Duration maxElapsed = Duration.ofSeconds(60);
    private Duration maxRetryAfter = Duration.ofSeconds(60);
    private Set<Integer> statuses = Set.of(429, 502, 503, 504);
    private boolean retryNonIdempotent;
    private RandomGenerator random = ThreadLocalRandom.current();

    private Builder() {}

    /**
     * How many times a request is sent at most, the first included (1: no retries).
     *
     * @param attempts at least 1
     * @return this builder
     */
    public Builder maxAttempts(int attempts) {
      if (attempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1 (the first attempt), not " + attempts);
      }
      maxAttempts = attempts;
      return this;
    }

    /**
     * The exponential backoff: the n-th retry waits a random time up to
     * {@code min(max, base * 2^(n-1))}.
     *
     * @param base the first ceiling, positive
     * @param max the largest ceiling, at least {@code base}
     * @return this builder
     */
    public Builder backoff(Duration base, Duration max) {
      Checks.positive("backoff base", base);
      Checks.positive("backoff max", max);
      if (max.compareTo(base) < 0) {
        throw new IllegalArgumentException("backoff max " + max + " is below its base " + base);
      }
      baseDelay = base;
      maxDelay = max;
      return this;
    }

    /**
     * The most time a request may spend in attempts and waits before retrying stops.
     *
     * @param total positive
     * @return this builder
     */
    public Builder maxElapsed(Duration total) {
      maxElapsed = Checks.positive("maxElapsed", total);
      return this;
    }

    /**
     * The longest {@code Retry-After} honoured; a server asking for more gets no retry (its
     * response is returned).
     *
     * @param limit not negative
     * @return this builder
     */
    public Builder maxRetryAfter(Duration limit) {
      maxRetryAfter = Checks.notNegative("maxRetryAfter", limit);
      return this;
    }

    /**
     * The statuses to retry (replacing 429, 502, 503, 504).
     *
     * @param codes status codes between 100 and 599
     * @return this builder
     */
    public Builder retryOnStatus(int... codes) {
      for (int c : codes) {
        if (c < 100 || c > 599) {
          throw new IllegalArgumentException("not an HTTP status: " + c);
        }
      }
      statuses = Set.copyOf(Arrays.stream(codes).boxed().toList());
      return this;
    }

    /**
     * Whether POST and PATCH are retried too. Off by default: the server may have acted on the
     * first attempt.
     *
     * @param retry true to retry every method
     * @return this builder
     */
    public Builder retryNonIdempotent(boolean retry) {
      retryNonIdempotent = retry;
      return this;
    }

    /**
     * Where the jitter comes from (a seeded generator makes backoff reproducible in tests).
     *
     * @param random the generator
     * @return this builder
     */
    public Builder random(RandomGenerator random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /**
     * Builds the policy.
     *
     * @return the policy
     */
    public RetryPolicy build() {
      return new RetryPolicy(this);
    }
  }
}
