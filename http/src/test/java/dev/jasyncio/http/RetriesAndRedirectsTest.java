package dev.jasyncio.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jasyncio.Loop;
import dev.jasyncio.testkit.AsyncTest;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/** Retries (statuses, Retry-After, idempotency, backoff) on the virtual clock; redirects. */
class RetriesAndRedirectsTest extends MockServerTest {

  @AsyncTest
  void a503IsRetriedAndThe200Returned(Loop loop) {
    server.enqueue(new MockResponse.Builder().code(503).body("busy").build());
    server.enqueue(new MockResponse.Builder().body("done").build());
    List<RetryEvent> retries = new ArrayList<>();
    try (HttpSession s = HttpSession.builder().onRetry(retries::add).build(); HttpResponse r = s.get(url("/"))) {
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.text()).isEqualTo("done");
    }
    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(retries).singleElement().satisfies(e -> {
      assertThat(e.status()).isEqualTo(503);
      assertThat(e.attempt()).isEqualTo(1);
      assertThat(e.delay()).isBetween(Duration.ZERO, Duration.ofMillis(500)); // full jitter of the first ceiling
    });
    assertThat(loop.time()).isLessThanOrEqualTo(0.5); // the backoff slept on the virtual clock
  }

  @AsyncTest
  void a429WaitsForItsRetryAfterOnTheLoopClock(Loop loop) {
    server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "1").build());
    server.enqueue(new MockResponse.Builder().body("now").build());
    double before = loop.time();
    try (HttpSession s = HttpSession.create(); HttpResponse r = s.get(url("/limited"))) {
      assertThat(r.text()).isEqualTo("now");
    }
    assertThat(loop.time() - before).isGreaterThanOrEqualTo(1.0).isLessThan(1.5);
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @AsyncTest
  void aRetryAfterLongerThanTheCapReturnsTheResponse() {
    server.enqueue(new MockResponse.Builder().code(503).addHeader("Retry-After", "3600").build());
    try (HttpSession s = HttpSession.create(); HttpResponse r = s.get(url("/"))) {
      assertThat(r.status()).isEqualTo(503);
    }
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @AsyncTest
  void aPostOn503IsNotRetriedUnlessAsked() throws Exception {
    server.enqueue(new MockResponse.Builder().code(503).build());
    server.enqueue(new MockResponse.Builder().code(503).build());
    server.enqueue(new MockResponse.Builder().code(201).build());
    try (HttpSession s = HttpSession.create()) {
      try (HttpResponse r = s.post(url("/orders"), RequestBody.json("{}"))) {
        assertThat(r.status()).isEqualTo(503);
      }
      assertThat(server.getRequestCount()).isEqualTo(1);
      HttpRequest allowed = HttpRequest.post(url("/orders")).body(RequestBody.json("{}"))
          .retry(RetryPolicy.builder().retryNonIdempotent(true).build()).build();
      try (HttpResponse r = s.request(allowed)) {
        assertThat(r.status()).isEqualTo(201);
      }
    }
    assertThat(server.getRequestCount()).isEqualTo(3);
    server.takeRequest();
    assertThat(server.takeRequest().getBody().utf8()).isEqualTo("{}");
    assertThat(server.takeRequest().getBody().utf8()).isEqualTo("{}"); // the body was sent again
  }

  @AsyncTest
  void attemptsAreCappedAndTheLastResponseReturned() {
    for (int i = 0; i < 5; i++) {
      server.enqueue(new MockResponse.Builder().code(502).build());
    }
    try (HttpSession s = HttpSession.builder().retry(RetryPolicy.builder().maxAttempts(4).build()).build();
        HttpResponse r = s.get(url("/"))) {
      assertThat(r.status()).isEqualTo(502);
    }
    assertThat(server.getRequestCount()).isEqualTo(4);
  }

  @Test
  void backoffIsExponentialWithFullJitterUnderItsCaps() {
    RetryPolicy p = RetryPolicy.builder().maxAttempts(10).backoff(Duration.ofMillis(100), Duration.ofSeconds(1))
        .maxElapsed(Duration.ofSeconds(5)).random(new Random(42)).build();
    for (int attempt = 1; attempt < 10; attempt++) {
      Duration ceiling = Duration.ofMillis(Math.min(1000, 100L << (attempt - 1)));
      assertThat(p.delayBefore(attempt, null, Duration.ZERO)).isBetween(Duration.ZERO, ceiling);
    }
    assertThat(p.delayBefore(10, null, Duration.ZERO)).isNull(); // out of attempts
    assertThat(p.delayBefore(1, null, Duration.ofSeconds(5))).isNull(); // out of time
    assertThat(p.delayBefore(1, "2", Duration.ZERO)).isEqualTo(Duration.ofSeconds(2));
    String inThreeSeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.now().plusSeconds(3).atOffset(ZoneOffset.UTC));
    assertThat(p.delayBefore(1, inThreeSeconds, Duration.ZERO)).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(3));
    assertThat(RetryPolicy.parseRetryAfter("soon", Instant.now())).isNull();
    assertThat(RetryPolicy.none().maxAttempts()).isEqualTo(1);
    assertThat(RetryPolicy.defaults().statuses()).containsExactlyInAnyOrder(429, 502, 503, 504);
  }

  @AsyncTest
  void redirectsAreFollowedAndRemembered() throws Exception {
    server.enqueue(new MockResponse.Builder().code(302).addHeader("Location", "/b").build());
    server.enqueue(new MockResponse.Builder().code(301).addHeader("Location", url("/c")).build());
    server.enqueue(new MockResponse.Builder().body("here").build());
    try (HttpSession s = HttpSession.create(); HttpResponse r = s.get(url("/a"))) {
      assertThat(r.text()).isEqualTo("here");
      assertThat(r.url()).isEqualTo(URI.create(url("/c")));
      assertThat(r.history()).containsExactly(URI.create(url("/a")), URI.create(url("/b")));
    }
  }

  @AsyncTest
  void aRedirectLoopIsTooManyRedirects() {
    for (int i = 0; i < 20; i++) {
      server.enqueue(new MockResponse.Builder().code(302).addHeader("Location", i % 2 == 0 ? "/pong" : "/ping").build());
    }
    try (HttpSession s = HttpSession.builder().maxRedirects(5).build()) {
      assertThatThrownBy(() -> s.get(url("/ping"))).isInstanceOfSatisfying(TooManyRedirectsException.class, e -> {
        assertThat(e.chain()).hasSize(7).first().isEqualTo(URI.create(url("/ping")));
        assertThat(e.getMessage()).contains("more than 5 redirects");
      });
      assertThat(s.inFlight()).isZero();
    }
    assertThat(server.getRequestCount()).isEqualTo(6);
  }

  @AsyncTest
  void a303TurnsAPostIntoAGetAnd307KeepsIt() throws Exception {
    server.enqueue(new MockResponse.Builder().code(303).addHeader("Location", "/see").build());
    server.enqueue(new MockResponse.Builder().body("seen").build());
    server.enqueue(new MockResponse.Builder().code(307).addHeader("Location", "/again").build());
    server.enqueue(new MockResponse.Builder().body("kept").build());
    try (HttpSession s = HttpSession.create()) {
      assertThat(s.post(url("/form"), RequestBody.text("data")).text()).isEqualTo("seen");
      assertThat(s.post(url("/form"), RequestBody.text("data")).text()).isEqualTo("kept");
    }
    server.takeRequest();
    assertThat(server.takeRequest().getMethod()).isEqualTo("GET");
    server.takeRequest();
    RecordedRequest again = server.takeRequest();
    assertThat(again.getMethod()).isEqualTo("POST");
    assertThat(again.getBody().utf8()).isEqualTo("data");
  }

  @AsyncTest
  void authorizationNeverCrossesToAnotherHost() throws Exception {
    try (MockWebServer other = new MockWebServer()) {
      other.start();
      // same server, another host name: 127.0.0.1 and localhost are different origins
      String otherHost = other.url("/landing").newBuilder().host("localhost").build().toString();
      server.enqueue(new MockResponse.Builder().code(302).addHeader("Location", "/same").build());
      server.enqueue(new MockResponse.Builder().code(302).addHeader("Location", otherHost).build());
      other.enqueue(new MockResponse.Builder().body("landed").build());
      try (HttpSession s = HttpSession.create()) {
        HttpRequest req = HttpRequest.get(server.url("/start").newBuilder().host("127.0.0.1").build().toString())
            .header("Authorization", "Bearer secret").build();
        assertThat(s.request(req).text()).isEqualTo("landed");
      }
      assertThat(server.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer secret");
      assertThat(server.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer secret");
      assertThat(other.takeRequest().getHeaders().get("Authorization")).isNull();
    }
  }

  @AsyncTest
  void redirectsCanBeLeftToTheCaller() {
    server.enqueue(new MockResponse.Builder().code(302).addHeader("Location", "/b").build());
    try (HttpSession s = HttpSession.builder().followRedirects(false).build(); HttpResponse r = s.get(url("/a"))) {
      assertThat(r.status()).isEqualTo(302);
      assertThat(r.header("Location")).contains("/b");
    }
  }
}
